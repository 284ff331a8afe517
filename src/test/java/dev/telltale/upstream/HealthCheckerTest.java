package dev.telltale.upstream;

import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.demo.FaultServer;
import dev.telltale.demo.ReceivedRequest;
import dev.telltale.diagnose.Cause;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Active health checks against scripted upstreams whose {@code /healthz} answers what the test
 * says: servers go down after {@code unhealthy_after} failed checks, come back after
 * {@code healthy_after} passed ones, the changes are reported, and requests avoid a server
 * while it is down.
 */
class HealthCheckerTest {
    private static final UpstreamConfig.HealthCheck CHECK = new UpstreamConfig.HealthCheck("/healthz",
            Duration.ofMillis(50), Duration.ofMillis(300), UpstreamConfig.StatusRange.DEFAULT, 2, 3);

    /** An upstream answering {@code /healthz} with {@link #health} and anything else with its name. */
    private static final class App implements AutoCloseable {
        final AtomicInteger health = new AtomicInteger(200);
        final FaultServer server;

        App(String name) {
            server = FaultServer.script(c -> {
                ReceivedRequest r;
                while ((r = c.readRequest()) != null) {
                    if (r.target().equals("/healthz")) {
                        int status = health.get();
                        if (status == 0) {
                            c.drainUntilEof(); // hung: never answers
                            return;
                        }
                        c.write("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        c.closeGracefully();
                        return;
                    }
                    c.write("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\n\r\n" + name);
                }
            });
        }

        long checks() {
            return server.requestsReceived().stream().filter(r -> r.target().equals("/healthz")).count();
        }

        long requests() {
            return server.requestsReceived().stream().filter(r -> !r.target().equals("/healthz")).count();
        }

        String url() {
            return server.url();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Health changes as reported, in order. */
    private static final class Changes implements UpstreamEvents {
        record Seen(String upstream, String server, boolean wasUp, boolean up, String reason) {
        }

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public void healthChanged(Server server, ServerHealth.Change change) {
            seen.add(new Seen(server.upstream(), server.url(), change.wasUp(), change.up(), change.reason()));
        }

        List<Seen> of(String url) {
            return seen.stream().filter(s -> s.server().equals(url)).toList();
        }
    }

    private static UpstreamConfig upstream(UpstreamConfig.HealthCheck check, String... urls) {
        // max_fails 0: passive health never marks down, so whatever is down here was checked down
        return new UpstreamConfig("app", Arrays.stream(urls).map(u -> UpstreamServer.parse(u, 1, false)).toList(),
                UpstreamConfig.Balance.ROUND_ROBIN, Timeouts.DEFAULT, UpstreamConfig.Keepalive.DEFAULT,
                new UpstreamConfig.PassiveHealth(0, Duration.ofSeconds(10)), check, UpstreamConfig.Retry.DEFAULT);
    }

    private static Server server(ProxyFixture proxy, String url) {
        return proxy.proxy().context().snapshot().upstreams().get("app").servers().stream()
                .filter(s -> s.url().equals(url)).findFirst().orElseThrow();
    }

    private static List<String> bodies(ProxyFixture proxy, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (RawHttp c = new RawHttp(proxy.port())) {
                c.send("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(200);
                out.add(r.text());
            }
        }
        return out;
    }

    @Test
    void checks_sendGetWithHostConnectionCloseAndUserAgent() {
        Changes changes = new Changes();
        try (App a = new App("a");
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url()))
                     .upstreamEvents(changes).start()) {
            await().until(() -> a.checks() >= 2);

            ReceivedRequest check = a.server.requestsReceived().get(0);
            assertThat(check.head()).startsWith("GET /healthz HTTP/1.1\r\n");
            assertThat(check.header("Host")).isEqualTo("127.0.0.1:" + a.server.port());
            assertThat(check.header("Connection")).isEqualTo("close");
            assertThat(check.header("User-Agent")).isEqualTo("telltale-health-check");
            assertThat(changes.seen).as("a healthy server changes nothing").isEmpty();
            assertThat(server(proxy, a.url()).health().available()).isTrue();
        }
    }

    @Test
    void failingStatus_marksDownAfterUnhealthyAfter_andRequestsAvoidIt_untilHealthyAfterPasses() throws Exception {
        Changes changes = new Changes();
        try (App a = new App("a"); App b = new App("b");
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url(), b.url()))
                     .upstreamEvents(changes).start()) {
            Server sb = server(proxy, b.url());
            assertThat(bodies(proxy, 4)).containsExactlyInAnyOrder("a", "a", "b", "b");

            b.health.set(500);
            long checksBefore = b.checks();
            await().until(() -> !sb.health().available());

            assertThat(b.checks() - checksBefore).as("down only after unhealthy_after failed checks")
                    .isGreaterThanOrEqualTo(3);
            await().until(() -> changes.of(b.url()).size() == 1);
            assertThat(changes.of(b.url())).singleElement().satisfies(c -> {
                assertThat(c.upstream()).isEqualTo("app");
                assertThat(c.wasUp()).isTrue();
                assertThat(c.up()).isFalse();
                assertThat(c.reason()).contains("3 check(s) in a row failed", "status 500 (expected 200-399)");
            });
            assertThat(sb.health().status().activeUp()).isFalse();
            long toB = b.requests();
            assertThat(bodies(proxy, 6)).containsOnly("a");
            assertThat(b.requests()).isEqualTo(toB);

            b.health.set(204);
            await().until(() -> sb.health().available());
            await().until(() -> changes.of(b.url()).size() == 2);

            assertThat(changes.of(b.url())).hasSize(2).last().satisfies(c -> {
                assertThat(c.wasUp()).isFalse();
                assertThat(c.up()).isTrue();
                assertThat(c.reason()).contains("2 check(s) in a row passed", "status 204");
            });
            assertThat(bodies(proxy, 4)).contains("b");
            assertThat(changes.of(a.url())).isEmpty();
        }
    }

    @Test
    void stoppedListening_isCheckedDownWithCauseRefused() {
        Changes changes = new Changes();
        App a = new App("a");
        try (App b = new App("b");
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url(), b.url()))
                     .upstreamEvents(changes).start()) {
            await().until(() -> a.checks() >= 1);

            a.close();
            Server sa = server(proxy, a.url());
            await().until(() -> !sa.health().available());

            assertThat(sa.health().status().downCause()).isEqualTo(Cause.REFUSED);
            await().until(() -> !changes.of(a.url()).isEmpty());
            assertThat(changes.of(a.url())).singleElement().satisfies(c ->
                    assertThat(c.reason()).contains("Connection refused", "127.0.0.1:" + a.server.port()));
            assertThat(server(proxy, b.url()).health().available()).isTrue();
        }
    }

    @Test
    void hungHealthEndpoint_isCheckedDownWithCauseTimeout() {
        Changes changes = new Changes();
        try (App a = new App("a");
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url()))
                     .upstreamEvents(changes).start()) {
            a.health.set(0);
            Server sa = server(proxy, a.url());
            await().atMost(Duration.ofSeconds(10)).until(() -> !sa.health().available());

            assertThat(sa.health().status().downCause()).isEqualTo(Cause.TIMEOUT);
            // The state flips before the change event is delivered: await the event itself.
            await().atMost(Duration.ofSeconds(5)).until(() -> !changes.of(a.url()).isEmpty());
            assertThat(changes.of(a.url())).singleElement().satisfies(c ->
                    assertThat(c.reason()).contains("timed out", "while reading response header"));
        }
    }

    @Test
    void everyServerCheckedDown_answersNoLiveUpstream() throws Exception {
        try (App a = new App("a");
             ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url())).start()) {
            a.health.set(503);
            await().until(() -> !server(proxy, a.url()).health().available());

            try (RawHttp c = new RawHttp(proxy.port())) {
                c.send("GET /x HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n\r\n");
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.text()).contains("\"cause\":\"no_live_upstream\"");
            }
            assertThat(a.requests()).isZero();
        }
    }

    @Test
    void reload_replacesTheChecks_andCloseStopsThem() {
        try (App a = new App("a")) {
            ProxyFixture proxy = ProxyFixture.builder().upstream(upstream(CHECK, a.url())).start();
            try {
                await().until(() -> a.checks() >= 1);
                UpstreamConfig.HealthCheck ready = new UpstreamConfig.HealthCheck("/ready", Duration.ofMillis(50),
                        Duration.ofMillis(300));
                var next = ProxyFixture.builder().upstream(upstream(ready, a.url())).config();

                proxy.proxy().reload(next);
                await().until(() -> readyChecks(a) >= 1);
                long old = a.checks();
                long readyBefore = readyChecks(a);
                await().until(() -> readyChecks(a) >= readyBefore + 3);

                assertThat(a.checks()).as("the old checker stopped").isLessThanOrEqualTo(old + 1);
            } finally {
                proxy.close();
            }
            long readyAfterClose = readyChecks(a);
            // An absence cannot be awaited: another proxy's checks of the same app bound the window.
            long healthzBefore = a.checks();
            try (ProxyFixture other = ProxyFixture.builder().upstream(upstream(CHECK, a.url())).start()) {
                await().until(() -> a.checks() >= healthzBefore + 3);
            }
            assertThat(readyChecks(a)).as("no /ready check after close (one may have been in flight)")
                    .isLessThanOrEqualTo(readyAfterClose + 1);
        }
    }

    private static long readyChecks(App a) {
        return a.server.requestsReceived().stream().filter(r -> r.target().equals("/ready")).count();
    }
}
