package dev.telltale.proxy;

import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream keep-alive: reuse, and connections the upstream closes while they idle in the pool. */
class KeepAliveTest {

    @Test
    void sequentialRequests_shareOneUpstreamConnection() throws Exception {
        try (FaultServer app = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             ProxyFixture proxy = ProxyFixture.forUrl(app.url());
             RawHttp c = new RawHttp(proxy.port())) {
            for (int i = 0; i < 10; i++) {
                c.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(c.read().text()).isEqualTo("ok");
            }
            assertThat(app.requestsReceived()).hasSize(10);
            assertThat(app.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void upstreamClosingIdleConnections_neverFailsARequest() throws Exception {
        // Answers one request per connection and then closes it without saying Connection: close,
        // as an app with a short keep-alive timeout does between requests.
        try (FaultServer app = FaultServer.script(conn -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            conn.closeGracefully();
        });
             ProxyFixture proxy = ProxyFixture.forUrl(app.url());
             RawHttp c = new RawHttp(proxy.port())) {
            for (int i = 0; i < 30; i++) {
                c.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                RawHttp.Response r = c.read();
                assertThat(r.status()).as("request %d", i).isEqualTo(200);
                if (i % 3 == 0) {
                    Thread.sleep(20); // sometimes the FIN is seen while parked, sometimes only on reuse
                }
            }
            assertThat(app.requestsReceived()).hasSize(30);
        }
    }
}
