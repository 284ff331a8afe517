package dev.telltale.proxy;

import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §4.4: which failures move on to the next server, for which methods. */
class RetryTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static UpstreamConfig upstream(int tries, int maxFails, String... urls) {
        return new UpstreamConfig("app", java.util.Arrays.stream(urls).map(u -> UpstreamServer.parse(u, 1, false))
                .toList(), UpstreamConfig.Balance.ROUND_ROBIN,
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500)),
                UpstreamConfig.Keepalive.DEFAULT, new UpstreamConfig.PassiveHealth(maxFails, Duration.ofSeconds(30)),
                null, new UpstreamConfig.Retry(tries, Duration.ofSeconds(10)));
    }

    private static RawHttp.Response send(ProxyFixture proxy, String request) throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send(request);
            return c.read();
        }
    }

    @Test
    void refusedFirstServer_movesOnForAnyMethod() throws Exception {
        try (FaultServer good = FaultServer.respond(OK);
             ProxyFixture proxy = ProxyFixture.builder()
                     .upstream(upstream(2, 0, "http://127.0.0.1:" + FaultServer.deadPort(), good.url())).start()) {
            for (int i = 0; i < 4; i++) {
                RawHttp.Response r = send(proxy, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
                assertThat(r.status()).isEqualTo(200);
            }
            assertThat(good.requestsReceived()).hasSize(4);
            assertThat(good.requestsReceived().get(0).bodyBytes()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0} after the request was sent: retried={1}")
    @CsvSource({"GET, true", "PUT, true", "DELETE, true", "POST, false", "PATCH, false"})
    void resetAfterSend_isRetriedOnlyForIdempotentMethods(String method, boolean retried) throws Exception {
        try (FaultServer reset = FaultServer.resetAfterRequest();
             FaultServer good = FaultServer.respond(OK);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(2, 0, reset.url(), good.url())).start()) {
            RawHttp.Response r = send(proxy, method + " / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
            assertThat(r.status()).isEqualTo(retried ? 200 : 502);
            assertThat(reset.requestsReceived()).hasSize(1); // the upstream saw exactly one request
            assertThat(good.requestsReceived()).hasSize(retried ? 1 : 0);
        }
    }

    @Test
    void streamedBody_isNotRetriedEvenForPut() throws Exception {
        try (FaultServer reset = FaultServer.resetAfterRequest();
             FaultServer good = FaultServer.respond(OK);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(2, 0, reset.url(), good.url())).start()) {
            RawHttp.Response r = send(proxy, "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(r.status()).isEqualTo(502);
            assertThat(good.requestsReceived()).isEmpty();
        }
    }

    @Test
    void triesBoundTheAttempts() throws Exception {
        int dead1 = FaultServer.deadPort();
        int dead2 = FaultServer.deadPort();
        try (FaultServer good = FaultServer.respond(OK);
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(2, 0, "http://127.0.0.1:" + dead1,
                     "http://127.0.0.1:" + dead2, good.url())).start()) {
            // Round robin starts at the first dead server: two tries, both refused, never the good one.
            RawHttp.Response r = send(proxy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(r.status()).isEqualTo(502);
            assertThat(good.requestsReceived()).isEmpty();
        }
    }

    @Test
    void everyServerMarkedDown_answersNoLiveUpstream() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.builder()
                .upstream(upstream(1, 1, "http://127.0.0.1:" + FaultServer.deadPort())).start()) {
            RawHttp.Response first = send(proxy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(first.header("proxy-status")).contains("error=connection_refused");
            RawHttp.Response second = send(proxy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(second.status()).isEqualTo(502);
            assertThat(second.header("proxy-status")).contains("error=destination_unavailable");
            // The page says which servers are down, why, and when each is tried again.
            assertThat(second.text()).containsPattern("server: +http://127\\.0\\.0\\.1:\\d+  down  down \\(refused\\)"
                    + " since \\d+ ms, retried in (29|30) s; 1 refused in the last 60 s; last success never seen");
        }
    }

    @Test
    void killedInstance_isSkippedWhileDownAndReturnsAfterFailTimeout() throws Exception {
        try (FaultServer a = FaultServer.respond(OK); FaultServer b = FaultServer.respond(OK)) {
            int deadPort = FaultServer.deadPort();
            try (ProxyFixture proxy = ProxyFixture.builder()
                    .upstream(upstream(2, 1, a.url(), "http://127.0.0.1:" + deadPort, b.url())).start()) {
                for (int i = 0; i < 12; i++) {
                    assertThat(send(proxy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
                }
                assertThat(a.requestsReceived().size() + b.requestsReceived().size()).isEqualTo(12);
                List<String> states = proxy.proxy().context().snapshot().upstreams().get("app").servers().stream()
                        .map(s -> s.health().available() ? "up" : "down").toList();
                assertThat(states).containsExactly("up", "down", "up");
            }
        }
    }
}
