package dev.telltale.proxy;

import dev.telltale.metrics.MetricNames;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code return} routes: fixed answers, redirects, variables, 444, on real sockets. */
class ReturnRouteTest {
    @RegisterExtension
    static WireMockExtension app = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    private final RecordingEvents events = new RecordingEvents();
    private ProxyFixture proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(String routes) {
        proxy = ProxyFixture.quietYaml(routes, events);
    }

    @Test
    void redirect_withVariables_expandsHostAndRequestUri() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /old/ }
                    return: { status: 301, location: "https://$host$request_uri" }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /old/a%20b?x=1&y=2 HTTP/1.1\r\nHost: Example.COM:8080\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(301);
            assertThat(r.header("Location")).isEqualTo("https://example.com/old/a%20b?x=1&y=2");
            assertThat(r.header("Content-Type")).isEqualTo("text/html");
            assertThat(r.text()).contains("<title>301 Moved Permanently</title>").contains("telltale");
            assertThat(r.header("X-Request-Id")).hasSize(32);
        }
    }

    @Test
    void relativeLocation_isMadeAbsoluteWithHostAndListenerPort() throws Exception {
        start("""
                routes:
                  - return: { status: 302, location: "/login?next=$uri" }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /a/./b HTTP/1.1\r\nHost: app.test:9999\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).isEqualTo("http://app.test:" + proxy.port() + "/login?next=/a/b");
        }
    }

    @Test
    void body_isSentWithItsContentType_andTheConnectionIsKept() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /health }
                    return: { status: 200, body: "ok $request_method $remote_addr $http_x_client\\n" }
                  - match: { path_prefix: /json }
                    return: { status: 503, body: '{"down":true}', content_type: application/json }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /health HTTP/1.1\r\nHost: h\r\nX-Client: me\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("text/plain");
            assertThat(r.text()).isEqualTo("ok GET 127.0.0.1 me\n");
            RawHttp.Response j = c.send("GET /json HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(j.status()).isEqualTo(503);
            assertThat(j.header("Content-Type")).isEqualTo("application/json");
            assertThat(j.text()).isEqualTo("{\"down\":true}");
        }
    }

    @Test
    void requestBody_isDrainedAndTheConnectionServesTheNextRequest() throws Exception {
        start("""
                routes:
                  - return: { status: 200, body: "fixed" }
                """);
        byte[] big = new byte[300_000];
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + big.length + "\r\n\r\n").send(big);
            assertThat(c.read().text()).isEqualTo("fixed");
            c.send("POST /y HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("fixed");
            RawHttp.Response third = c.send("GET /z HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.header("Connection")).isNull();
        }
    }

    @Test
    void status444_closesWithoutAnAnswer_andIsLogged() throws Exception {
        start("""
                routes:
                  - return: { status: 444 }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /scan HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(c.closedByPeer()).isTrue();
        }
        await().until(() -> events.completed.size() == 1);
        assertThat(events.completed.get(0).status()).isEqualTo(444);
    }

    @Test
    void statusWithoutBody_getsTheStandardPage_andEmptyFor2xx() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /gone }
                    return: { status: 410 }
                  - return: { status: 204 }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /gone HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(410);
            assertThat(r.text()).isEqualTo("<html>\r\n<head><title>410 Gone</title></head>\r\n<body>\r\n"
                    + "<center><h1>410 Gone</h1></center>\r\n<hr><center>telltale</center>\r\n</body>\r\n</html>\r\n");
            RawHttp.Response e = c.send("GET /other HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(e.status()).isEqualTo(204);
            assertThat(e.body()).isEmpty();
        }
    }

    @Test
    void localAnswer_isLoggedOnceWithUpstreamDash_andCounted() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /health }
                    return: { status: 200, body: "ok" }
                """);
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /health?q HTTP/1.1\r\nHost: h\r\nX-Request-Id: abc-123\r\n\r\n").read();
        }
        await().until(() -> events.completed.size() == 1);
        ExchangeView v = events.completed.get(0);
        assertThat(v.requestId()).isEqualTo("abc-123");
        assertThat(v.upstream()).isEqualTo("-");
        assertThat(v.route()).isEqualTo("/health");
        assertThat(v.uri()).isEqualTo("/health?q");
        assertThat(v.bytesSent()).isEqualTo(2);
        assertThat(proxy.proxy().metrics().value(MetricNames.DOWNSTREAM_RQ, "2xx")).isEqualTo(1);
        assertThat(proxy.proxy().metrics().value(MetricNames.DOWNSTREAM_RQ_ACTIVE)).isZero();
    }

    @Test
    void requestHeaderSet_withVariables_reachesTheUpstreamAsTheClientSentThem() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        start("""
                routes:
                  - upstream: %s
                    headers:
                      request:
                        set: { X-Real-IP: $remote_addr, X-Host: $host, X-Scheme: $scheme, X-Id: $request_id,
                               X-UA: "ua=$http_user_agent", X-XFF: $proxy_add_x_forwarded_for, X-Lit: plain,
                               X-Tenant: $http_x_tenant_id, X-Blank: "" }
                """.formatted(app.baseUrl()));
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /echo HTTP/1.1\r\nHost: Shop.Test:81\r\nUser-Agent: curl/8\r\n"
                    + "X-Request-Id: rid-1\r\nX-Forwarded-For: 10.1.1.1\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
        }
        LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
        assertThat(seen.getHeader("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("X-Host")).isEqualTo("shop.test");
        assertThat(seen.getHeader("X-Scheme")).isEqualTo("http");
        assertThat(seen.getHeader("X-Id")).isEqualTo("rid-1");
        assertThat(seen.getHeader("X-UA")).isEqualTo("ua=curl/8");
        assertThat(seen.getHeader("X-XFF")).isEqualTo("10.1.1.1, 127.0.0.1");
        assertThat(seen.getHeader("X-Lit")).isEqualTo("plain");
        assertThat(seen.containsHeader("X-Tenant")).as("a value of variables that comes out empty is not sent, as "
                + "nginx's proxy_set_header").isFalse();
        assertThat(seen.getHeader("X-Blank")).as("a written empty value is sent empty").isEmpty();
    }
}
