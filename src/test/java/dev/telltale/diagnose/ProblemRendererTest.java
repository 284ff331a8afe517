package dev.telltale.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.diagnose.DetailPolicy.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemRendererTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ProblemRenderer renderer = new ProblemRenderer();

    @ParameterizedTest
    @EnumSource(Cause.class)
    void fullJson_hasExactlyTheDesignFieldsInOrderWithTheReportsValues(Cause cause) throws Exception {
        Report r = SampleReports.of(cause);
        ProblemRenderer.Rendered out = renderer.render(r, View.FULL, Format.JSON);
        assertThat(out.contentType()).isEqualTo("application/problem+json");
        JsonNode json = MAPPER.readTree(out.body());

        assertThat(fieldNames(json)).containsExactly("type", "title", "status", "detail", "cause", "proxy_status",
                "phase", "request_id", "route", "upstream", "timing", "timeout_ms", "attempts", "hints", "received");
        UpstreamFailure f = r.failure();
        assertThat(json.get("type").asText()).isEqualTo("urn:telltale:cause:" + cause.wireName());
        assertThat(json.get("title").asText()).isEqualTo(cause.title());
        assertThat(json.get("status").asInt()).isEqualTo(r.status());
        assertThat(json.get("detail").asText()).isEqualTo(f.message());
        assertThat(json.get("cause").asText()).isEqualTo(cause.wireName());
        assertThat(json.get("proxy_status").asText()).isEqualTo(f.proxyStatus().wireName());
        assertThat(json.get("phase").asText()).isEqualTo(f.phase().wireName());
        assertThat(json.get("request_id").asText()).isEqualTo(SampleReports.REQUEST_ID);
        assertThat(json.get("route").asText()).isEqualTo(SampleReports.ROUTE);
        JsonNode upstream = json.get("upstream");
        assertThat(fieldNames(upstream)).containsExactly("name", "server", "address");
        assertThat(upstream.get("name").asText()).isEqualTo(SampleReports.UPSTREAM);
        assertThat(textOrNull(upstream.get("server"))).isEqualTo(r.server());
        assertThat(textOrNull(upstream.get("address"))).isEqualTo(r.address());
        JsonNode timing = json.get("timing");
        assertThat(fieldNames(timing)).containsExactly("elapsed_ms", "connect_ms", "ttfb_ms");
        assertThat(timing.get("elapsed_ms").asLong()).isEqualTo(r.timing().elapsedMs());
        assertThat(longOrNull(timing.get("connect_ms"))).isEqualTo(r.timing().connectMs());
        assertThat(longOrNull(timing.get("ttfb_ms"))).isEqualTo(r.timing().ttfbMs());
        assertThat(longOrNull(json.get("timeout_ms"))).isEqualTo(f.timeoutMs());
        assertThat(json.get("attempts").size()).isEqualTo(r.attempts().size());
        for (int i = 0; i < r.attempts().size(); i++) {
            JsonNode a = json.get("attempts").get(i);
            Attempt expected = r.attempts().get(i);
            assertThat(fieldNames(a)).containsExactly("server", "address", "cause", "elapsed_ms");
            assertThat(a.get("server").asText()).isEqualTo(expected.server());
            assertThat(a.get("address").asText()).isEqualTo(expected.address());
            assertThat(a.get("cause").asText()).isEqualTo(cause.wireName());
            assertThat(a.get("elapsed_ms").asLong()).isEqualTo(expected.elapsedMs());
        }
        List<String> hints = new ArrayList<>();
        json.get("hints").forEach(h -> hints.add(h.asText()));
        assertThat(hints).isNotEmpty().isEqualTo(r.hints());
        assertThat(textOrNull(json.get("received"))).isEqualTo(f.received());
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void safeJson_hasOnlyTypeTitleStatusCauseAndRequestId(Cause cause) throws Exception {
        Report r = SampleReports.of(cause);
        JsonNode json = MAPPER.readTree(renderer.render(r, View.SAFE, Format.JSON).body());
        assertThat(fieldNames(json)).containsExactly("type", "title", "status", "cause", "request_id");
        assertThat(json.get("type").asText()).isEqualTo(cause.typeUri());
        assertThat(json.get("title").asText()).isEqualTo(cause.title());
        assertThat(json.get("status").asInt()).isEqualTo(r.status());
        assertThat(json.get("cause").asText()).isEqualTo(cause.wireName());
        assertThat(json.get("request_id").asText()).isEqualTo(SampleReports.REQUEST_ID);
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void offJson_hasOnlyGenericTitleStatusAndRequestId(Cause cause) throws Exception {
        Report r = SampleReports.of(cause);
        JsonNode json = MAPPER.readTree(renderer.render(r, View.OFF, Format.JSON).body());
        assertThat(fieldNames(json)).containsExactly("title", "status", "request_id");
        String expected = r.status() == 504 ? "Gateway Timeout" : r.status() == 503 ? "Service Unavailable" : "Bad Gateway";
        assertThat(json.get("title").asText()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void fullText_saysSentencePhaseHintsAttemptsAndConfig(Cause cause) {
        Report r = SampleReports.of(cause);
        ProblemRenderer.Rendered out = renderer.render(r, View.FULL, Format.TEXT);
        assertThat(out.contentType()).isEqualTo("text/plain; charset=utf-8");
        String text = new String(out.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith(r.status() + " ")
                .contains(Headline.full(r))
                .contains("cause:        " + cause.wireName() + " (" + r.failure().proxyStatus().wireName() + ")")
                .contains("phase:        " + r.failure().phase().wireName())
                .contains("request_id:   " + SampleReports.REQUEST_ID);
        for (String hint : r.hints()) {
            assertThat(text).contains("hint:         " + hint);
        }
        for (ConfigFact fact : r.config()) {
            assertThat(text).contains("config:       " + fact);
        }
        if (!r.attempts().isEmpty()) {
            assertThat(text).contains("attempts:     1. " + r.attempts().get(0).address());
        }
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void fullHtml_saysSentencePhaseHintsAndRequestId(Cause cause) {
        Report r = SampleReports.of(cause);
        ProblemRenderer.Rendered out = renderer.render(r, View.FULL, Format.HTML);
        assertThat(out.contentType()).isEqualTo("text/html; charset=utf-8");
        String html = new String(out.body(), StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!doctype html>")
                .contains(Html.escape(Headline.full(r)))
                .contains("<dt>phase</dt><dd>" + r.failure().phase().wireName() + "</dd>")
                .contains("<code id=\"rid\">" + SampleReports.REQUEST_ID + "</code>")
                .contains("What can I do?")
                .doesNotContain("<link", " src=", "url(", "@import", "@font-face");
        for (String hint : r.hints()) {
            assertThat(html).contains("<li>" + Html.escape(hint) + "</li>");
        }
        for (ConfigFact fact : r.config()) {
            assertThat(html).contains(Html.escape(fact.key()) + " = " + Html.escape(fact.value()));
        }
        boolean proxyFailed = cause == Cause.NO_LIVE_UPSTREAM || cause == Cause.OVERLOADED;
        assertThat(html.contains("class=\"node bad\"")).isEqualTo(proxyFailed);
        assertThat(html.contains("class=\"hop bad\"")).isEqualTo(!proxyFailed);
    }

    @Test
    void fullHtml_watchesTheUpstreamOnlyForCausesThatHealByThemselves() {
        for (Cause cause : Cause.values()) {
            String full = html(SampleReports.of(cause), View.FULL);
            boolean watches = cause == Cause.REFUSED || cause == Cause.TIMEOUT || cause == Cause.NO_LIVE_UPSTREAM;
            assertThat(full.contains("data-watch=\"" + SampleReports.REQUEST_ID + "\"")).as(cause.name()).isEqualTo(watches);
            assertThat(html(SampleReports.of(cause), View.SAFE)).doesNotContain("data-watch=");
        }
    }

    @Test
    void html_hasNoInlineStyleAttributeSoTheHashPolicyCovers() {
        String html = html(SampleReports.of(Cause.TIMEOUT), View.FULL);
        assertThat(html).doesNotContain(" style=").contains("<style>").contains("<script>");
        assertThat(ProblemRenderer.HTML_CONTENT_SECURITY_POLICY)
                .startsWith("default-src 'none'; style-src 'sha256-").contains("script-src 'sha256-");
    }

    @Test
    void proxyStatus_fullCarriesTheMessageAsSfString() {
        Report r = SampleReports.of(Cause.REFUSED);
        assertThat(renderer.proxyStatusHeader(r, View.FULL)).isEqualTo(
                "telltale; error=connection_refused; details=\"connect() to 127.0.0.1:3000 failed (111: Connection refused)\"");
        assertThat(renderer.proxyStatusHeader(r, View.SAFE)).isEqualTo("telltale; error=connection_refused");
        assertThat(renderer.proxyStatusHeader(r, View.OFF)).isEqualTo("telltale; error=connection_refused");
    }

    @Test
    void proxyStatus_escapesQuotesAndBackslashesAndDropsControlAndNonAscii() {
        Report r = SampleReports.hostile(Cause.REFUSED);
        String header = renderer.proxyStatusHeader(r, View.FULL);
        assertThat(header).endsWith(" \\\"><img src=x onerror=1>Set-Cookie: x \\\\ \"")
                .doesNotContain("\r", "\n", "\u00e9");
        for (int i = 0; i < header.length(); i++) {
            assertThat(header.charAt(i)).isBetween(' ', '~');
        }
    }

    @Test
    void text_timingAddsUpTheSteps() {
        String text = text(SampleReports.of(Cause.TIMEOUT), View.FULL);
        assertThat(text).contains("timing:       total 60003 ms = connect 1 ms + send 1 ms + wait 60001 ms (failed)")
                .contains("timeout:      1m (upstreams.billing.timeouts.read)");
    }

    @Test
    void safeText_saysStatusCauseRequestIdAndWhomToAsk() {
        String text = text(SampleReports.of(Cause.REFUSED), View.SAFE);
        assertThat(text).isEqualTo("502 Bad Gateway - Upstream refused the connection\n"
                + "cause:        refused\n"
                + "request_id:   " + SampleReports.REQUEST_ID + "\n"
                + Headline.safe(Cause.REFUSED) + " Ask the site operator for the report behind this request id.\n");
        assertThat(text(SampleReports.of(Cause.REFUSED), View.OFF))
                .isEqualTo("502 Bad Gateway\nrequest_id:   " + SampleReports.REQUEST_ID + "\n");
    }

    private String html(Report r, View view) {
        return new String(renderer.render(r, view, Format.HTML).body(), StandardCharsets.UTF_8);
    }

    private String text(Report r, View view) {
        return new String(renderer.render(r, view, Format.TEXT).body(), StandardCharsets.UTF_8);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }
}
