package dev.telltale.proxy;

import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** max_conns and the wait queue: the proxy's own limit answers 503 overloaded, never a hang. */
class OverloadTest {

    private static UpstreamConfig upstream(String url, int maxConns, int queueSize, Duration queueTimeout) {
        UpstreamServer s = UpstreamServer.parse(url, 1, false);
        return new UpstreamConfig("app", List.of(new UpstreamServer(s.url(), s.host(), s.port(), false, 1, false,
                maxConns)), UpstreamConfig.Balance.ROUND_ROBIN, Timeouts.DEFAULT, UpstreamConfig.Keepalive.DEFAULT,
                new UpstreamConfig.PassiveHealth(0, Duration.ofSeconds(10)), null, UpstreamConfig.Retry.DEFAULT,
                new UpstreamConfig.Queue(queueSize, queueTimeout));
    }

    /** An upstream that holds each request until released. */
    private static FaultServer gated(CountDownLatch release, CountDownLatch arrived) {
        return FaultServer.script(c -> {
            c.readRequest();
            arrived.countDown();
            release.await(10, TimeUnit.SECONDS);
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            c.holdUntilServerClosed();
        });
    }

    private static CompletableFuture<RawHttp.Response> send(ProxyFixture proxy) {
        return CompletableFuture.supplyAsync(() -> {
            try (RawHttp c = new RawHttp(proxy.port())) {
                c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                return c.read();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void serverAtMaxConnsWithNoQueue_answers503Overloaded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        try (FaultServer app = gated(release, arrived);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(app.url(), 1, 0, Duration.ofSeconds(5)))
                     .start()) {
            CompletableFuture<RawHttp.Response> first = send(proxy);
            assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
            RawHttp.Response second = send(proxy).get(5, TimeUnit.SECONDS);
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.header("proxy-status")).startsWith("telltale; error=connection_limit_reached");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void queuedRequest_getsTheSlotWhenItFrees() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        try (FaultServer app = gated(release, arrived);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(app.url(), 1, 5, Duration.ofSeconds(5)))
                     .start()) {
            CompletableFuture<RawHttp.Response> first = send(proxy);
            assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<RawHttp.Response> queued = send(proxy);
            Thread.sleep(200); // it waits: nothing reached the upstream yet
            assertThat(queued).isNotDone();
            assertThat(app.requestsReceived()).hasSize(1);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(queued.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(app.requestsReceived()).hasSize(2);
        }
    }

    @Test
    void queueTimeout_answers503Overloaded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        try (FaultServer app = gated(release, arrived);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(app.url(), 1, 5, Duration.ofMillis(300)))
                     .start()) {
            CompletableFuture<RawHttp.Response> first = send(proxy);
            assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            RawHttp.Response late = send(proxy).get(5, TimeUnit.SECONDS);
            assertThat(late.status()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(late.text()).contains("queue.timeout");
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
        }
    }
}
