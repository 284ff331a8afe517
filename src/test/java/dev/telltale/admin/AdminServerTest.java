package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.AdminConfig;
import dev.telltale.config.ListenAddress;
import dev.telltale.diagnose.Cause;
import dev.telltale.testing.PromTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AdminServerTest {
    static final String TOKEN = "s3cret-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final InMemorySources sources = new InMemorySources();
    AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    AdminServer start(String token) {
        server = AdminServer.start(new AdminConfig(new ListenAddress("127.0.0.1", 0), token), sources);
        return server;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void nonLoopbackBindWithoutToken_isRefusedWithReason() {
        AdminConfig open = new AdminConfig(new ListenAddress("0.0.0.0", 9901), null);
        assertThatThrownBy(() -> AdminServer.start(open, sources))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("admin.listen: 0.0.0.0:9901 requires admin.token (the admin plane exposes reports and config)");
        assertThat(AdminServer.bindProblem(new AdminConfig(new ListenAddress("::", 9901), ""))).isPresent();
        assertThat(AdminServer.bindProblem(new AdminConfig(new ListenAddress("0.0.0.0", 9901), TOKEN))).isEmpty();
        assertThat(AdminServer.bindProblem(new AdminConfig(new ListenAddress("localhost", 9901), null))).isEmpty();
        assertThat(AdminServer.bindProblem(new AdminConfig(new ListenAddress("::1", 9901), null))).isEmpty();
    }

    @Test
    void everyResponse_carriesSecurityHeaders() throws Exception {
        start(null);
        for (HttpResponse<String> r : List.of(get("/"), get("/metrics"), get("/api/failures"), get("/nope"),
                get("/reports/unknown"), post("/api/reload", null), post("/healthz", null))) {
            assertThat(r.headers().firstValue("Cache-Control")).as(r.uri().toString()).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .startsWith("default-src 'none'; style-src 'sha256-").doesNotContain("unsafe");
        }
    }

    @Test
    void unknownPath_is404JsonAndWrongMethod405() throws Exception {
        start(null);
        HttpResponse<String> missing = get("/api/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
        HttpResponse<String> wrong = post("/api/failures", null);
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(wrong).get("message").asText()).isEqualTo("POST /api/failures (expected: GET)");
        HttpResponse<String> getReload = get("/api/reload");
        assertThat(getReload.statusCode()).isEqualTo(405);
        assertThat(getReload.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void healthAndReadiness_sayWhyNotReady() throws Exception {
        start(null);
        assertThat(json(get("/healthz")).get("status").asText()).isEqualTo("up");
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("ready").asBoolean()).isTrue();
        sources.notReadyReason = "upstream app: every server is down";
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(json(notReady).get("reason").asText()).isEqualTo("upstream app: every server is down");
    }

    @Test
    void failures_areNewestFirstLimitedAndLinkTheirReport() throws Exception {
        start(null);
        for (int i = 1; i <= 3; i++) {
            sources.add(InMemorySources.refused("req-" + i, "/p" + i));
        }
        JsonNode all = json(get("/api/failures"));
        assertThat(all.get("failures")).hasSize(3);
        JsonNode first = all.get("failures").get(0);
        assertThat(first.get("request_id").asText()).isEqualTo("req-3");
        assertThat(first.get("report").asText()).isEqualTo("/reports/req-3");
        assertThat(first.get("cause").asText()).isEqualTo("refused");
        assertThat(first.get("proxy_status").asText()).isEqualTo("connection_refused");
        assertThat(first.get("status").asInt()).isEqualTo(502);
        assertThat(first.get("at").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(json(get("/api/failures?limit=1")).get("failures")).hasSize(1);
        for (String bad : List.of("0", "abc", "1001")) {
            HttpResponse<String> r = get("/api/failures?limit=" + bad);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).isEqualTo("limit: " + bad + " (expected: 1..1000)");
        }
    }

    @Test
    void report_isFullProblemJsonPlusRequestFacts() throws Exception {
        start(null);
        sources.add(InMemorySources.refused("abc-123", "/x?y=1"));
        JsonNode r = json(get("/reports/abc-123"));
        assertThat(r.get("type").asText()).isEqualTo("urn:telltale:cause:refused");
        assertThat(r.get("title").asText()).isEqualTo(Cause.REFUSED.title());
        assertThat(r.get("detail").asText()).isEqualTo("connect() to 127.0.0.1:3000 failed: Connection refused");
        assertThat(r.get("phase").asText()).isEqualTo("connect");
        assertThat(r.get("request_id").asText()).isEqualTo("abc-123");
        assertThat(r.get("route").asText()).isEqualTo("/");
        assertThat(r.get("upstream").get("address").asText()).isEqualTo("127.0.0.1:3000");
        assertThat(r.get("timing").get("elapsed_ms").asLong()).isEqualTo(3);
        assertThat(r.get("timing").get("connect_ms").isNull()).isTrue();
        assertThat(r.get("timeout_ms").isNull()).isTrue();
        assertThat(r.get("attempts").get(0).get("cause").asText()).isEqualTo("refused");
        assertThat(r.get("hints").get(0).asText()).startsWith("Nothing is listening");
        assertThat(r.get("received").isNull()).isTrue();
        assertThat(r.get("method").asText()).isEqualTo("GET");
        assertThat(r.get("uri").asText()).isEqualTo("/x?y=1");
        assertThat(r.get("host").asText()).isEqualTo("localhost:8080");
        assertThat(r.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(r.get("at").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(r.get("headers_sent").asBoolean()).isFalse();
        assertThat(r.get("config").get(0).get("key").asText()).isEqualTo("upstreams.app.timeouts.connect");
        HttpResponse<String> missing = get("/reports/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asText()).startsWith("no report for request id nope");
    }

    @Test
    void upstreams_listServersWithStateAndFailures() throws Exception {
        start(null);
        sources.upstreams.add(new UpstreamStatus("app", List.of(
                new UpstreamStatus.Server("http://127.0.0.1:3000", false, "refused",
                        Instant.parse("2025-01-02T03:04:05Z"), Map.of("refused", 4L)),
                new UpstreamStatus.Server("http://127.0.0.1:3001", true, null, null, Map.of()))));
        sources.metrics.upstream("app").server("http://127.0.0.1:3000").failure("refused");
        JsonNode app = json(get("/api/upstreams")).get("upstreams").get(0);
        assertThat(app.get("name").asText()).isEqualTo("app");
        JsonNode down = app.get("servers").get(0);
        assertThat(down.get("state").asText()).isEqualTo("down");
        assertThat(down.get("last_failure").get("cause").asText()).isEqualTo("refused");
        assertThat(down.get("recent_failures").get("refused").asLong()).isEqualTo(4);
        JsonNode up = app.get("servers").get(1);
        assertThat(up.get("state").asText()).isEqualTo("up");
        assertThat(up.get("last_failure").isNull()).isTrue();
        assertThat(app.get("failures_by_cause").get("refused").asLong()).isEqualTo(1);
    }

    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void upstreams_showPassiveAndActiveHealthAndHistory() throws Exception {
        start(null);
        UpstreamStatus.Check failedCheck = new UpstreamStatus.Check(T0.plusSeconds(2), false, "refused",
                "connect() to 127.0.0.1:3001 failed (111: Connection refused)");
        sources.upstreams.add(new UpstreamStatus("app", List.of(
                new UpstreamStatus.Server("http://127.0.0.1:3000", false,
                        new UpstreamStatus.Passive(false, "reset", T0, T0.plusSeconds(10)), null, T0.minusSeconds(60),
                        "reset", T0, Map.of("reset", 1L),
                        "down (reset) since 3 s, retried in 7 s; 1 reset in the last 60 s; last success 1 min ago"),
                new UpstreamStatus.Server("http://127.0.0.1:3001", false, UpstreamStatus.Passive.UP,
                        new UpstreamStatus.Active(false, T0.plusSeconds(1), failedCheck), null, null, null, Map.of(),
                        "down (refused) since 1 s, back when health checks pass; no failures in the last 60 s; "
                                + "last success never seen"),
                new UpstreamStatus.Server("http://127.0.0.1:3002", true, UpstreamStatus.Passive.UP,
                        new UpstreamStatus.Active(true, null, null), null, null, null, Map.of(), null))));
        JsonNode servers = json(get("/api/upstreams")).get("upstreams").get(0).get("servers");

        JsonNode passiveDown = servers.get(0);
        assertThat(passiveDown.get("passive").get("up").asBoolean()).isFalse();
        assertThat(passiveDown.get("passive").get("down_cause").asText()).isEqualTo("reset");
        assertThat(passiveDown.get("passive").get("down_since").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(passiveDown.get("passive").get("retry_at").asText()).isEqualTo("2025-01-02T03:04:15Z");
        assertThat(passiveDown.get("active").isNull()).as("no health_check").isTrue();
        assertThat(passiveDown.get("last_success").get("at").asText()).isEqualTo("2025-01-02T03:03:05Z");
        assertThat(passiveDown.get("summary").asText()).startsWith("down (reset) since 3 s, retried in 7 s");

        JsonNode checkedDown = servers.get(1);
        assertThat(checkedDown.get("state").asText()).isEqualTo("down");
        assertThat(checkedDown.get("passive").get("up").asBoolean()).isTrue();
        assertThat(checkedDown.get("passive").get("down_cause").isNull()).isTrue();
        JsonNode active = checkedDown.get("active");
        assertThat(active.get("up").asBoolean()).isFalse();
        assertThat(active.get("changed_at").asText()).isEqualTo("2025-01-02T03:04:06Z");
        assertThat(active.get("last_check").get("at").asText()).isEqualTo("2025-01-02T03:04:07Z");
        assertThat(active.get("last_check").get("ok").asBoolean()).isFalse();
        assertThat(active.get("last_check").get("cause").asText()).isEqualTo("refused");
        assertThat(active.get("last_check").get("reason").asText()).endsWith("(111: Connection refused)");
        assertThat(checkedDown.get("last_success").isNull()).isTrue();

        JsonNode fresh = servers.get(2).get("active");
        assertThat(fresh.get("up").asBoolean()).isTrue();
        assertThat(fresh.get("changed_at").isNull()).isTrue();
        assertThat(fresh.get("last_check").isNull()).as("before the first check").isTrue();

        String page = get("/").body();
        assertThat(page).contains("<span class=\"down\">down</span> (<span class=\"cause\">reset</span>) until "
                        + "2025-01-02 03:04:15Z")
                .contains("no health_check")
                .contains("<span class=\"down\">down</span>: connect() to 127.0.0.1:3001 failed (111: Connection "
                        + "refused) at 2025-01-02 03:04:07Z")
                .contains("<span class=\"up\">up</span>: <span class=\"mute\">no check yet</span>")
                .contains("<td>2025-01-02 03:03:05Z</td>");
    }

    @Test
    void config_isEffectiveConfigWithSecretsRedacted() throws Exception {
        start(null);
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("listen", "127.0.0.1:9901");
        admin.put("token", "hunter2");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("admin", admin);
        config.put("server", Map.of("listen", List.of("127.0.0.1:8080"), "workers", 2));
        config.put("unset", null);
        sources.config = config;
        HttpResponse<String> r = get("/api/config");
        assertThat(r.body()).doesNotContain("hunter2");
        JsonNode c = json(r);
        assertThat(c.get("admin").get("token").asText()).isEqualTo("<redacted>");
        assertThat(c.get("admin").get("listen").asText()).isEqualTo("127.0.0.1:9901");
        assertThat(c.get("server").get("listen").get(0).asText()).isEqualTo("127.0.0.1:8080");
        assertThat(c.get("server").get("workers").asInt()).isEqualTo(2);
        assertThat(c.get("unset").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/reload", "/api/drain"})
    void writeEndpoints_withoutConfiguredToken_areDisabled(String path) throws Exception {
        start(null);
        HttpResponse<String> r = post(path, "Bearer anything");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("message").asText()).isEqualTo("POST " + path + " is disabled: set admin.token to enable it");
        assertThat(sources.reloads.get() + sources.drains.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/reload", "/api/drain"})
    void writeEndpoints_missingOrWrongToken_are401(String path) throws Exception {
        start(TOKEN);
        HttpResponse<String> missing = post(path, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(missing).get("message").asText()).startsWith("missing bearer token");
        HttpResponse<String> wrong = post(path, "Bearer " + TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo("wrong bearer token");
        assertThat(post(path, "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(sources.reloads.get() + sources.drains.get()).isZero();
    }

    @Test
    void reload_withRightToken_answersResultAndErrors() throws Exception {
        start(TOKEN);
        HttpResponse<String> ok = post("/api/reload", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("ok").asBoolean()).isTrue();
        sources.nextReload = ReloadResult.failed(List.of("conf/telltale.yaml:3:3: unknown key 'listn' in server (did you mean 'listen'?)"));
        HttpResponse<String> bad = post("/api/reload", "bearer " + TOKEN);
        assertThat(bad.statusCode()).isEqualTo(422);
        JsonNode body = json(bad);
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("errors").get(0).asText()).startsWith("conf/telltale.yaml:3:3: unknown key");
        assertThat(sources.reloads.get()).isEqualTo(2);
    }

    @Test
    void drain_withRightToken_answers202ThenDrains() throws Exception {
        start(TOKEN);
        HttpResponse<String> r = post("/api/drain", "Bearer " + TOKEN);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("draining").asBoolean()).isTrue();
        await().until(() -> sources.drains.get() == 1);
    }

    @Test
    void metrics_arePrometheusTextThatPromtoolAccepts() throws Exception {
        start(null);
        sources.metrics.upstream("app").server("http://127.0.0.1:3000").attempt();
        for (Cause c : Cause.values()) {
            sources.metrics.upstream("app").server("http://127.0.0.1:3000").failure(c.wireName());
        }
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("upstream_rq_failure_total{cause=\"tls\",server=\"http://127.0.0.1:3000\",upstream=\"app\"} 1.0");
        PromTool.Check check = PromTool.checkMetrics(r.body());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void dashboard_escapesHostileValues() throws Exception {
        start(null);
        sources.add(InMemorySources.refused("id-1", "/<script>alert(1)</script>?a=\"b\"&c='d'"));
        sources.upstreams.add(new UpstreamStatus("<b>app</b>", List.of(
                new UpstreamStatus.Server("http://x/\"><img src=x>", true, null, null, Map.of()))));
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.body())
                .doesNotContain("<script", "<b>app", "<img")
                .contains("/&lt;script&gt;alert(1)&lt;/script&gt;?a=&quot;b&quot;&amp;c=&#39;d&#39;")
                .contains("&lt;b&gt;app&lt;/b&gt;")
                .contains("<meta http-equiv=\"refresh\" content=\"5\">")
                .contains("href=\"/reports/id-1\"");
    }

    @Test
    void cspStyleHash_matchesTheDashboardsOnlyStylesheet() throws Exception {
        start(null);
        HttpResponse<String> r = get("/");
        String body = r.body();
        int open = body.indexOf("<style>") + "<style>".length();
        String css = body.substring(open, body.indexOf("</style>"));
        assertThat(body.indexOf("<style", open)).isNegative();
        assertThat(body).doesNotContain("<script", " style=");
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(css.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("style-src 'sha256-" + hash + "'");
    }

    @Test
    void isLoopback_acceptsLoopbackOnly() {
        assertThat(AdminServer.isLoopback("127.0.0.1")).isTrue();
        assertThat(AdminServer.isLoopback("0.0.0.0")).isFalse();
        assertThat(AdminServer.isLoopback("no-such-host.invalid")).isFalse();
    }
}
