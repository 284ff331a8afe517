package dev.telltale.proxy;

import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure seam of the core: the status, Proxy-Status and request id of an upstream failure. */
class FailureSeamTest {

    private static RawHttp.Response get(ProxyFixture proxy, String path) throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
            return c.read();
        }
    }

    @Test
    void connectRefused_answers502WithProxyStatusConnectionRefused() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.forUrl("http://127.0.0.1:" + FaultServer.deadPort())) {
            RawHttp.Response r = get(proxy, "/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.header("proxy-status")).startsWith("telltale; error=connection_refused");
            assertThat(r.header("x-request-id")).matches("[0-9a-f]{32}");
            assertThat(r.header("cache-control")).isEqualTo("no-store");
        }
    }

    @Test
    void readTimeout_answers504WhenTimeoutStatusIs504() throws Exception {
        try (FaultServer stall = FaultServer.stallAfterRequest();
             ProxyFixture proxy = ProxyFixture.builder()
                     .upstream("app", new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                             Duration.ofMillis(300)), stall.url())
                     .diagnostics(new DiagnosticsConfig(dev.telltale.config.DetailLevel.FULL,
                             DiagnosticsConfig.DEFAULT.trusted(), 504, 100, Duration.ofMinutes(1)))
                     .start()) {
            RawHttp.Response r = get(proxy, "/");
            assertThat(r.status()).isEqualTo(504);
            assertThat(r.header("proxy-status")).startsWith("telltale; error=connection_read_timeout");
        }
    }

    @Test
    void emptyReply_isConnectionTerminated() throws Exception {
        try (FaultServer app = FaultServer.acceptThenClose();
             ProxyFixture proxy = ProxyFixture.forUrl(app.url())) {
            RawHttp.Response r = get(proxy, "/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.header("proxy-status")).startsWith("telltale; error=connection_terminated");
        }
    }
}
