package dev.telltale.proxy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code error_pages} and {@code headers.response.add} (nginx's error_page and add_header). */
class ErrorPagesAndAddHeaderTest {
    @RegisterExtension
    static WireMockExtension app = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path www;
    private ProxyFixture proxy;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(www.resolve("404.html"), "custom not found");
        Files.writeString(www.resolve("ok.txt"), "ok");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(String routes) {
        proxy = ProxyFixture.quietYaml(routes.replace("WWW", www.toString()).replace("APP", app.baseUrl()),
                new RecordingEvents());
    }

    private RawHttp.Response get(String target) throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            return c.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").read();
        }
    }

    @Test
    void missingFile_getsTheErrorPage_withTheOriginalStatus() throws Exception {
        start("""
                routes:
                  - static: { root: WWW }
                    error_pages: [{ status: [404], uri: /404.html }]
                """);
        RawHttp.Response r = get("/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("custom not found");
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        // nginx: no Last-Modified and no Accept-Ranges on a 404, but the file's ETag stays
        assertThat(r.header("ETag")).startsWith("\"");
        assertThat(r.header("Last-Modified")).isNull();
        assertThat(r.header("Accept-Ranges")).isNull();
    }

    @Test
    void errorPage_code_replacesTheStatus_andReturnStatusesAreCovered() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /closed }
                    return: { status: 403 }
                    error_pages: [{ status: [403], uri: /pages/404.html, code: 200 }]
                  - match: { path_prefix: /pages/ }
                    static: { alias: WWW/ }
                """);
        RawHttp.Response r = get("/closed");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("custom not found");
    }

    @Test
    void errorPage_toANamedRoute_andAMissingErrorPage_getsTheStandardPage() throws Exception {
        start("""
                routes:
                  - match: { path_prefix: /a/ }
                    static: { root: WWW }
                    error_pages: [{ status: [404], uri: "@sorry" }]
                  - match: { path_prefix: /b/ }
                    static: { root: WWW }
                    error_pages: [{ status: [404], uri: /b/missing-too.html }]
                  - name: sorry
                    match: { path_prefix: /__sorry/ }
                    return: { status: 200, body: "sorry about $uri" }
                """);
        RawHttp.Response named = get("/a/x");
        assertThat(named.status()).isEqualTo(404);
        assertThat(named.text()).isEqualTo("sorry about /a/x");
        RawHttp.Response missing = get("/b/x");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("<title>404 Not Found</title>");
    }

    @Test
    void redirectLoop_stopsAfterTenWith500() throws Exception {
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, /loop/$uri] }
                """);
        assertThat(get("/x").status()).isEqualTo(500);
    }

    @Test
    void upstreamFailure_isNeverReplacedByAnErrorPage() throws Exception {
        start("""
                routes:
                  - upstream: http://127.0.0.1:1
                    error_pages: [{ status: [502], uri: /404.html }]
                """);
        RawHttp.Response r = get("/x");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.header("Proxy-Status")).contains("connection_refused");
    }

    @Test
    void addHeader_onLocalAnswers_onlyForSuccessStatuses_unlessAlways() throws Exception {
        start("""
                routes:
                  - static: { root: WWW }
                    headers:
                      response:
                        add:
                          - { name: X-Frame-Options, value: DENY }
                          - { name: X-Served-By, value: "telltale $request_id", always: true }
                        set: { Cache-Control: no-cache }
                """);
        RawHttp.Response ok = get("/ok.txt");
        assertThat(ok.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(ok.header("X-Served-By")).isEqualTo("telltale " + ok.header("X-Request-Id"));
        assertThat(ok.header("Cache-Control")).isEqualTo("no-cache");
        RawHttp.Response missing = get("/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Frame-Options")).isNull();
        assertThat(missing.header("X-Served-By")).startsWith("telltale ");
    }

    @Test
    void addHeader_onProxiedAnswers_addsBesideTheUpstreamsOwn() throws Exception {
        app.stubFor(any(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200).withHeader("X-Tag", "app")));
        app.stubFor(any(urlEqualTo("/bad")).willReturn(aResponse().withStatus(500)));
        start("""
                routes:
                  - upstream: APP
                    headers:
                      response:
                        add:
                          - { name: X-Tag, value: proxy }
                          - { name: X-Always, value: "yes", always: true }
                """);
        RawHttp.Response ok = get("/ok");
        assertThat(ok.header("X-Tag")).isEqualTo("app, proxy"); // added, not replaced
        assertThat(ok.header("X-Always")).isEqualTo("yes");
        RawHttp.Response bad = get("/bad");
        assertThat(bad.status()).isEqualTo(500);
        assertThat(bad.header("X-Tag")).isNull();
        assertThat(bad.header("X-Always")).isEqualTo("yes");
    }

    @Test
    void tryFilesFallback_toAnUpstreamRoute_forwardsTheRewrittenUri() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from app")));
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, /app/index.php] }
                  - match: { path_prefix: /app/ }
                    upstream: APP
                """);
        assertThat(get("/ok.txt").text()).isEqualTo("ok");
        RawHttp.Response r = get("/blog/post?id=3");
        assertThat(r.text()).isEqualTo("from app");
        assertThat(app.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo("/app/index.php?id=3");
    }

    @Test
    void tryFilesFallback_toAnUpstreamRoute_sendsUriEscapedAgain_notDecodedTwice() throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("from app")));
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, /app$uri] }
                  - match: { path_prefix: /app/ }
                    upstream: APP
                """);
        assertThat(get("/caf%C3%A9%20x?q=%20").text()).isEqualTo("from app");
        assertThat(get("/%2541").text()).isEqualTo("from app"); // $uri is /%41, and stays so
        assertThat(app.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()))
                .containsExactlyInAnyOrder("/app/caf%C3%A9%20x?q=%20", "/app/%2541");
    }
}
