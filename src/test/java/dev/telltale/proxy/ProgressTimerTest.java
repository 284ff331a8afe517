package dev.telltale.proxy;

import dev.telltale.demo.FaultServer;
import dev.telltale.demo.ReceivedRequest;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send/read timer is one per client connection and outlives each exchange: a later exchange
 * on the same keep-alive connection must still time out on its own clock.
 */
class ProgressTimerTest {

    @Test
    void shorterReadTimeoutOfALaterRequest_firesOnTime_thoughTheFirstArmedALongOne() throws Exception {
        // Answers /fast at once; never answers anything else (the connection stays open).
        try (FaultServer app = FaultServer.script(conn -> {
            ReceivedRequest r;
            while ((r = conn.readRequest()) != null) {
                if (!r.head().startsWith("GET /fast")) {
                    conn.holdUntilServerClosed();
                    return;
                }
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            }
        });
             ProxyFixture proxy = ProxyFixture.quietYaml("""
                     upstreams:
                       app: { servers: ["APP"], timeouts: { read: 30s }, passive_health: { max_fails: 0 } }
                     routes:
                       - { match: { path_prefix: /slow }, upstream: app, timeouts: { read: 300ms } }
                       - { upstream: app }
                     """.replace("APP", app.url()), new RecordingEvents());
             RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("ok"); // its 30 s read check is still pending now

            long start = System.nanoTime();
            c.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttp.Response r = c.read();
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.status()).isEqualTo(502);
            assertThat(r.text()).contains("timeout");
            assertThat(tookMs).as("a 300 ms read timeout, not the 30 s one").isBetween(250L, 5_000L);
        }
    }
}
