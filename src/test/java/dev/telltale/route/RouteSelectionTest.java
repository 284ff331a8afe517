package dev.telltale.route;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.config.Config;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ServerConfig;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** Route selection end to end: listeners, a regex route and a bad path, through a real proxy. */
class RouteSelectionTest {
    @RegisterExtension
    static WireMockExtension one = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension two = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    // Two listeners on loopback, both on port 0: distinct as configured, which is what match.listen names.
    private static final ListenAddress FIRST = ListenAddress.parse("127.0.0.1:0");
    private static final ListenAddress SECOND = ListenAddress.parse("localhost:0");

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void stubs() {
        one.stubFor(any(anyUrl()).willReturn(aResponse().withBody("one")));
        two.stubFor(any(anyUrl()).willReturn(aResponse().withBody("two")));
    }

    private static RouteConfig route(ListenAddress listen, PathMatch path, String upstream) {
        return new RouteConfig(null, null, listen, path, upstream, null, true, null, null, null, null, null, null,
                null);
    }

    /** The fixture's config with both listeners and {@code routes}. */
    private static Config withListeners(Config c, List<RouteConfig> routes) {
        ServerConfig s = c.server();
        return new Config(new ServerConfig(List.of(FIRST, SECOND), s.workers(), s.shutdownGrace(), s.limits(),
                s.resolver()), c.admin(), c.diagnostics(), c.logs(), c.upstreams(), routes, c.origins());
    }

    private String get(InetSocketAddress listener, String target) throws Exception {
        String ip = listener.getAddress().getHostAddress();
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + listener.getPort() + target)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void twoListeners_routeDifferently_andARegexRouteReachesItsUpstream() throws Exception {
        List<RouteConfig> routes = List.of(
                route(SECOND, PathMatch.prefix("/", false), "two"),
                route(null, PathMatch.prefix("/", false), "one"),
                route(null, PathMatch.regex("\\.(gif|jpg)$", true), "two"));
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("one", one.baseUrl())
                .upstream("two", two.baseUrl()).finish(c -> withListeners(c, routes)).start()) {
            List<InetSocketAddress> listeners = proxy.proxy().addresses();
            InetSocketAddress first = listeners.get(0);
            InetSocketAddress second = listeners.get(1);

            assertThat(get(first, "/page")).isEqualTo("200 one");
            assertThat(get(second, "/page")).isEqualTo("200 two");
            assertThat(get(first, "/img/logo.GIF?v=3")).isEqualTo("200 two");
            // Matching sees the normalised path; the upstream still gets the target as sent.
            assertThat(two.getAllServeEvents()).anySatisfy(e ->
                    assertThat(e.getRequest().getUrl()).isEqualTo("/img/logo.GIF?v=3"));

            // A reload rebuilds the per-listener tables.
            proxy.proxy().reload(withListeners(proxy.proxy().config(), List.of(
                    route(SECOND, PathMatch.prefix("/", false), "one"),
                    route(null, PathMatch.prefix("/", false), "two"))));
            assertThat(get(first, "/page")).isEqualTo("200 two");
            assertThat(get(second, "/page")).isEqualTo("200 one");
        }
    }

    @Test
    void pathThatCannotBeNormalised_is400AndNeverForwarded() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("one", one.baseUrl()).start();
             RawHttp c = new RawHttp(proxy.port())) {
            one.resetRequests();
            c.send("GET /a/%zz HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
            c.send("GET /a/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n"); // kept alive: no body was sent
            assertThat(c.read().status()).isEqualTo(400);
            c.send("GET /a/%2e%2e/b HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttp.Response ok = c.read();
            assertThat(ok.status()).isEqualTo(200);
            assertThat(one.getAllServeEvents()).hasSize(1)
                    .allSatisfy(e -> assertThat(e.getRequest().getUrl()).isEqualTo("/a/%2e%2e/b"));
        }
    }
}
