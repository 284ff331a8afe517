package dev.telltale.upstream;

import dev.telltale.config.ListenAddress;
import dev.telltale.config.ResolverConfig;
import dev.telltale.demo.FakeDnsServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import io.undertow.Undertow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upstream host names through a {@link FakeDnsServer} ({@code server.resolver.servers}): every
 * A record gets connections, a changed answer is used once its TTL ran out, and a name that
 * stops resolving keeps its last good addresses.
 */
class UpstreamDnsTest {
    private static final String NAME = "app.test";

    /** One upstream on 127.0.0.1:PORT and 127.0.0.2:PORT, answering with the address it was reached at. */
    private static final class TwoAddressApp implements AutoCloseable {
        final Undertow server;
        final int port;

        TwoAddressApp(boolean keepAlive) {
            this.server = start(keepAlive);
            this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }

        private static Undertow start(boolean keepAlive) {
            RuntimeException last = null;
            for (int i = 0; i < 5; i++) {
                int p = freePort();
                Undertow u = Undertow.builder().addHttpListener(p, "127.0.0.1").addHttpListener(p, "127.0.0.2")
                        .setHandler(ex -> {
                            ex.setPersistent(keepAlive);
                            ex.getResponseSender().send(ex.getDestinationAddress().getAddress().getHostAddress());
                        }).build();
                try {
                    u.start();
                    return u;
                } catch (RuntimeException e) {
                    u.stop();
                    last = e; // the port was taken on the other address meanwhile
                }
            }
            throw last;
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String url() {
            return "http://" + NAME + ":" + port;
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** DNS failures as reported. */
    private static final class DnsFailures implements UpstreamEvents {
        record Seen(String server, String reason, List<String> kept) {
        }

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public void dnsFailed(Server server, String reason, List<String> kept) {
            seen.add(new Seen(server.url(), reason, kept));
        }
    }

    private static ProxyFixture proxy(FakeDnsServer dns, String url, UpstreamEvents events) {
        InetSocketAddress a = dns.address();
        return ProxyFixture.builder().upstream("app", url)
                .resolver(new ResolverConfig(List.of(new ListenAddress(a.getHostString(), a.getPort())),
                        Duration.ofMillis(500)))
                .upstreamEvents(events).start();
    }

    private static RawHttp.Response get(ProxyFixture proxy) {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            return c.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String body(ProxyFixture proxy) {
        RawHttp.Response r = get(proxy);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.text();
    }

    @Test
    void twoARecords_bothAddressesGetRequests() {
        try (TwoAddressApp app = new TwoAddressApp(false);
             FakeDnsServer dns = FakeDnsServer.start(Map.of(NAME, List.of("127.0.0.1", "127.0.0.2")), Set.of());
             ProxyFixture proxy = proxy(dns, app.url(), UpstreamEvents.NONE)) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                seen.add(body(proxy));
            }

            assertThat(seen).contains("127.0.0.1", "127.0.0.2");
            Server s = proxy.proxy().context().snapshot().upstreams().get("app").servers().get(0);
            assertThat(s.url()).as("still one configured server").isEqualTo(app.url());
            assertThat(s.addresses()).extracting(a -> a.getAddress().getHostAddress())
                    .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
        }
    }

    @Test
    void changedAnswer_isUsedAfterItsTtl_evenOverKeptAliveConnections() {
        try (TwoAddressApp app = new TwoAddressApp(true);
             FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of())) {
            dns.set(NAME, List.of("127.0.0.1"), 1);
            try (ProxyFixture proxy = proxy(dns, app.url(), UpstreamEvents.NONE)) {
                assertThat(body(proxy)).isEqualTo("127.0.0.1");
                int queries = dns.queries(NAME);

                dns.set(NAME, List.of("127.0.0.2"), 1);

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> body(proxy).equals("127.0.0.2"));
                assertThat(dns.queries(NAME)).as("re-resolved").isGreaterThan(queries);
                assertThat(body(proxy)).isEqualTo("127.0.0.2");
            }
        }
    }

    @Test
    void nxdomainAfterAGoodAnswer_keepsTheLastGoodAddress_andReportsIt() {
        DnsFailures failures = new DnsFailures();
        try (TwoAddressApp app = new TwoAddressApp(false);
             FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of())) {
            dns.set(NAME, List.of("127.0.0.2"), 1);
            try (ProxyFixture proxy = proxy(dns, app.url(), failures)) {
                assertThat(body(proxy)).isEqualTo("127.0.0.2");
                int queries = dns.queries(NAME);

                dns.remove(NAME);

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> body(proxy).equals("127.0.0.2") && !failures.seen.isEmpty());
                assertThat(dns.queries(NAME)).as("asked again after the TTL").isGreaterThan(queries);
                assertThat(failures.seen).singleElement().satisfies(f -> {
                    assertThat(f.server()).isEqualTo(app.url());
                    assertThat(f.reason()).contains(NAME + ":" + app.port, "could not be resolved");
                    assertThat(f.kept()).containsExactly("127.0.0.2:" + app.port);
                });
                for (int i = 0; i < 3; i++) {
                    assertThat(body(proxy)).isEqualTo("127.0.0.2");
                }
            }
        }
    }

    @Test
    void neverResolved_failsWithCauseDns() {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of());
             ProxyFixture proxy = proxy(dns, "http://" + NAME + ":9", UpstreamEvents.NONE)) {
            RawHttp.Response r = get(proxy);

            assertThat(r.status()).isEqualTo(502);
            assertThat(r.text()).contains("\"cause\":\"dns\"", "\"phase\":\"resolve\"");
        }
    }
}
