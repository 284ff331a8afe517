package dev.telltale.proxy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.RouteConfig;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

class ForwardingTest {
    @RegisterExtension
    static WireMockExtension app = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HttpClient http = HttpClient.newHttpClient();
    private ProxyFixture proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start() {
        proxy = ProxyFixture.forUrl(app.baseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "POST", "PUT", "PATCH"})
    void everyMethod_isForwardedWithItsBody(String method) throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-App", "yes").withBody("hi")));
        start();
        boolean withBody = List.of("POST", "PUT", "PATCH", "DELETE").contains(method);
        HttpRequest.BodyPublisher body = withBody ? HttpRequest.BodyPublishers.ofString("payload-" + method)
                : HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(proxy.uri("/things/1?q=2")).method(method, body)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-app")).hasValue("yes");
        assertThat(res.body()).isEqualTo(method.equals("HEAD") ? "" : "hi");
        LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
        assertThat(seen.getMethod().getName()).isEqualTo(method);
        assertThat(seen.getUrl()).isEqualTo("/things/1?q=2");
        assertThat(seen.getBodyAsString()).isEqualTo(withBody ? "payload-" + method : "");
    }

    @Test
    void forwardedHeaders_areAddedAndRequestIdEchoed() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: example.test\r\nX-Forwarded-For: 10.1.2.3\r\n"
                    + "X-Request-Id: abc-123_x.y:z\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-request-id")).isEqualTo("abc-123_x.y:z");
        }
        LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("10.1.2.3, 127.0.0.1");
        assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getHeader("X-Forwarded-Host")).isEqualTo("example.test");
        assertThat(seen.getHeader("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("X-Request-Id")).isEqualTo("abc-123_x.y:z");
        assertThat(seen.getHeader("Host")).isEqualTo("example.test");
    }

    @Test
    void invalidClientRequestId_isReplacedByAGeneratedOne() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: bad id<script>\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.header("x-request-id")).matches("[0-9a-f]{32}");
            assertThat(app.getAllServeEvents().get(0).getRequest().getHeader("X-Request-Id"))
                    .isEqualTo(r.header("x-request-id"));
        }
    }

    @Test
    void hopByHopHeaders_areRemovedBothWays() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Connection", "X-Secret")
                .withHeader("X-Secret", "s").withHeader("Keep-Alive", "timeout=5").withHeader("Trailer", "X-T")
                .withHeader("Upgrade", "h2c").withHeader("Proxy-Connection", "keep-alive").withBody("x")));
        start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Drop-Me\r\nX-Drop-Me: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: websocket\r\nProxy-Connection: x\r\n"
                    + "X-Keep: 1\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.headers()).doesNotContainKeys("x-secret", "keep-alive", "trailer", "upgrade",
                    "proxy-connection");
        }
        LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
        Map<String, String> sent = new java.util.HashMap<>();
        seen.getHeaders().all().forEach(h -> sent.put(h.key().toLowerCase(), h.firstValue()));
        assertThat(sent).doesNotContainKeys("x-drop-me", "keep-alive", "te", "upgrade", "proxy-connection");
        assertThat(sent).containsEntry("x-keep", "1");
    }

    @Test
    void everyConnectionHeader_namesHeadersToDrop_butItsOptionsAreNotHeaderNames() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("x")));
        start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: X-First\r\nX-First: 1\r\n"
                    + "Connection: keep-alive , x-second\r\nX-Second: 2\r\nClose: kept\r\nX-Keep: 1\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
        Map<String, String> sent = new java.util.HashMap<>();
        app.getAllServeEvents().get(0).getRequest().getHeaders().all()
                .forEach(h -> sent.put(h.key().toLowerCase(), h.firstValue()));
        assertThat(sent).doesNotContainKeys("x-first", "x-second");
        assertThat(sent).containsEntry("x-keep", "1").containsEntry("close", "kept");
    }

    @Test
    void routeRules_stripPrefixHostAndHeaderRewrites() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Server", "secret-app/1.0")
                .withHeader("X-Powered-By", "php")));
        proxy = ProxyFixture.builder().upstream("app", app.baseUrl())
                .route(new RouteConfig(null, "/api/", "app", "/api", false, null,
                        new HeaderRules(Map.of("X-Env", "dev"), List.of("X-Debug")),
                        new HeaderRules(Map.of("X-Frame-Options", "DENY"), List.of("Server"))))
                .start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /api/users?id=1 HTTP/1.1\r\nHost: front.test\r\nX-Debug: 1\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).doesNotContainKey("server").containsEntry("x-frame-options", "DENY")
                    .containsEntry("x-powered-by", "php");
        }
        LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
        assertThat(seen.getUrl()).isEqualTo("/users?id=1");
        assertThat(seen.getHeader("Host")).isEqualTo("localhost:" + app.getPort());
        assertThat(seen.getHeader("X-Env")).isEqualTo("dev");
        assertThat(seen.containsHeader("X-Debug")).isFalse();
    }

    @Test
    void rewriteLocation_firstMatchingRuleWins_andAPathIsMadeAbsoluteWithHostAndListenerPort() throws Exception {
        String upstream = app.baseUrl();
        app.stubFor(get("/login").willReturn(aResponse().withStatus(302).withHeader("Location", upstream + "/dashboard?x=1")
                .withHeader("Refresh", "5; URL=" + upstream + "/later")));
        app.stubFor(get("/away").willReturn(aResponse().withStatus(301).withHeader("Location", "http://inside.test/x")));
        app.stubFor(get("/own").willReturn(aResponse().withStatus(302).withHeader("Location", "/relative")));
        proxy = ProxyFixture.quietYaml("""
                routes:
                  - upstream: APP
                    headers:
                      response:
                        rewrite_location:
                          - { from: "APP/", to: /app/ }
                          - { from: "APP", to: /never/ }
                          - { from: "http://inside.test/", to: "https://public.test/" }
                """.replace("APP", upstream), new RecordingEvents());
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response login = c.send("GET /login HTTP/1.1\r\nHost: Front.Test:8443\r\n\r\n").read();
            assertThat(login.status()).isEqualTo(302);
            assertThat(login.header("Location")).isEqualTo("http://front.test:" + proxy.port() + "/app/dashboard?x=1");
            assertThat(login.header("Refresh")).isEqualTo("5; URL=/app/later"); // nginx makes only Location absolute
            RawHttp.Response away = c.send("GET /away HTTP/1.1\r\nHost: front.test\r\n\r\n").read();
            assertThat(away.header("Location")).isEqualTo("https://public.test/x");
            RawHttp.Response own = c.send("GET /own HTTP/1.1\r\nHost: front.test\r\n\r\n").read();
            assertThat(own.header("Location")).isEqualTo("/relative"); // no rule applies: relayed as sent
        }
    }

    @Test
    void keepAlive_reusesUpstreamConnections() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        start();
        try (RawHttp c = new RawHttp(proxy.port())) {
            for (int i = 0; i < 20; i++) {
                c.send("GET /n" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(c.read().text()).isEqualTo("ok");
            }
        }
        assertThat(app.getAllServeEvents()).hasSize(20);
        app.verify(20, anyRequestedFor(anyUrl()));
    }
}
