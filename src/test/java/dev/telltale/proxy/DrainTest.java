package dev.telltale.proxy;

import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DrainTest {

    @Test
    void drain_letsTheInFlightRequestFinishWithConnectionClose() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        try (FaultServer slow = FaultServer.script(conn -> {
            conn.readRequest();
            requestArrived.countDown();
            Thread.sleep(400);
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone".getBytes(StandardCharsets.US_ASCII));
            conn.holdUntilServerClosed();
        });
             ProxyFixture proxy = ProxyFixture.forUrl(slow.url());
             RawHttp busy = new RawHttp(proxy.port());
             RawHttp idle = new RawHttp(proxy.port())) {
            busy.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            CompletableFuture<RawHttp.Response> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return busy.read();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(requestArrived.await(5, TimeUnit.SECONDS)).isTrue();

            boolean clean = proxy.proxy().drain(Duration.ofSeconds(5));

            assertThat(clean).isTrue();
            RawHttp.Response r = response.get(5, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("done");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(busy.closedByPeer()).isTrue();
            assertThat(idle.closedByPeer()).isTrue(); // an idle keep-alive connection goes at once
        }
    }
}
