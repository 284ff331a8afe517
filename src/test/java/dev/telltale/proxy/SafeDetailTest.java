package dev.telltale.proxy;

import dev.telltale.config.Cidr;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code detail: safe} through the real proxy, for a client outside {@code trusted}: nothing that
 * names an address, port, host, route, upstream, config key or upstream bytes, in any body
 * format or header.
 */
class SafeDetailTest {
    static FaultServer ssh;
    static ProxyFixture proxy;
    static int sshPort;

    @BeforeAll
    static void start() {
        ssh = FaultServer.sshGreeting();
        sshPort = ssh.port();
        proxy = ProxyFixture.builder().upstream(new dev.telltale.config.UpstreamConfig("secret-backend",
                        List.of(dev.telltale.config.UpstreamServer.parse(ssh.url(), 1, false)),
                        dev.telltale.config.UpstreamConfig.Balance.ROUND_ROBIN, dev.telltale.config.Timeouts.DEFAULT,
                        dev.telltale.config.UpstreamConfig.Keepalive.DEFAULT,
                        new dev.telltale.config.UpstreamConfig.PassiveHealth(0, Duration.ofSeconds(10)), null,
                        dev.telltale.config.UpstreamConfig.Retry.DEFAULT))
                .route(new RouteConfig(null, "/internal-route/", "secret-backend", null, true, null, null, null))
                // loopback is not trusted here, so the test client is an outsider
                .diagnostics(new DiagnosticsConfig(DetailLevel.SAFE, List.of(Cidr.parse("10.0.0.0/8")), 502, 100,
                        Duration.ofMinutes(1)))
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ssh.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/problem+json", "text/plain", "*/*"})
    void untrustedClient_learnsNothingInternal(String accept) throws Exception {
        RawHttp.Response r;
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /internal-route/x HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n");
            r = c.read();
        }
        assertThat(r.status()).isEqualTo(502);
        StringBuilder everything = new StringBuilder(r.text());
        r.headers().forEach((k, v) -> everything.append('\n').append(k).append(": ").append(v));
        String all = everything.toString();
        assertThat(all).contains("Upstream sent an invalid response").contains(r.header("x-request-id"));
        assertThat(all).doesNotContain(String.valueOf(sshPort), "127.0.0.1", "secret-backend", "internal-route",
                "SSH-2.0", "timeouts.", "upstreams.", "ECONN", "ssh");
        assertThat(r.header("proxy-status")).isEqualTo("telltale; error=http_protocol_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nowhere", "/.well-known/telltale/watch/anything"})
    void untrustedClient_getsABare404(String path) throws Exception {
        RawHttp.Response r;
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
            r = c.read();
        }
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).doesNotContain("internal-route", "secret-backend");
    }
}
