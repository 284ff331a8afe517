package dev.telltale.nginx.diff;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The differential harness can fail: what it flags, what it lets pass, and why. */
class ComparisonTest {
    private static final DiffRequest GET = DiffRequest.parse("GET /a?b=1\nAccept: */*\n@expect 200\n", "t").get(0);

    private static Observed proxied(String target, Map<String, String> extra) {
        Map<String, String> up = new LinkedHashMap<>(Map.of("host", "127.0.0.1:9", "x-request-id", "r1",
                "x-forwarded-for", "127.0.0.1", "x-real-ip", "127.0.0.1"));
        up.putAll(extra);
        var seen = new RecordingUpstream.Seen("one", "GET", target, up, "e3b0", 0);
        return new Observed(200, new LinkedHashMap<>(Map.of("content-type", "text/plain", "x-upstream", "one",
                "x-request-id", "r1", "date", "now")), "ok".getBytes(StandardCharsets.UTF_8), List.of(seen));
    }

    private static List<String> problems(Observed nginx, Observed telltale) {
        return Comparison.compare("t.conf", GET, nginx, telltale).problems();
    }

    @Test
    void sameObservations_noProblem() {
        assertThat(problems(proxied("/a?b=1", Map.of()), proxied("/a?b=1", Map.of()))).isEmpty();
    }

    @Test
    void upstreamTargetDiffers_namesFieldAndBothValues() {
        assertThat(problems(proxied("/a?b=1", Map.of()), proxied("/v1/a?b=1", Map.of())))
                .containsExactly("upstream[0].target: nginx=\"/a?b=1\" telltale=\"/v1/a?b=1\"");
    }

    @Test
    void customHeaderMissingOnTelltale_flagged() {
        assertThat(problems(proxied("/a", Map.of("x-env", "prod")), proxied("/a", Map.of())))
                .containsExactly("upstream[0].header.x-env: nginx=\"prod\" telltale=(absent)");
    }

    @Test
    void headersTelltaleAlwaysAdds_comparedOnlyWhenNginxSendsThem() {
        Observed nginxWithout = proxied("/a", Map.of());
        nginxWithout.upstream().get(0).headers().remove("x-real-ip");
        assertThat(problems(nginxWithout, proxied("/a", Map.of()))).isEmpty();
        assertThat(problems(proxied("/a", Map.of("x-forwarded-for", "10.0.0.1, 127.0.0.1")), proxied("/a", Map.of())))
                .containsExactly("upstream[0].header.x-forwarded-for: nginx=\"10.0.0.1, 127.0.0.1\" telltale=\"127.0.0.1\"");
    }

    @Test
    void telltaleWithoutRequestId_brokenPromise() {
        Observed n = proxied("/a", Map.of());
        Observed t = proxied("/a", Map.of());
        n.headers().remove("x-request-id");
        t.headers().remove("x-request-id");
        assertThat(problems(n, t)).singleElement().asString().contains("no X-Request-Id");
    }

    @Test
    void nginxBuiltInPage_statusComparedBodyNot() {
        byte[] page = "<html><body><hr><center>nginx</center></body></html>".getBytes(StandardCharsets.UTF_8);
        Observed n = new Observed(502, Map.of("content-type", "text/html"), page, List.of());
        Observed t = new Observed(502, Map.of("content-type", "text/html; charset=utf-8", "x-request-id", "r",
                "proxy-status", "telltale; error=connection_refused"), "diagnostic".getBytes(StandardCharsets.UTF_8),
                List.of());
        assertThat(problems(n, t)).containsExactly("corpus: nginx answered 502, the requests file expects 200 (fix the "
                + "config or the @expect; nginx body: <html><body><hr><center>nginx</center></body></html>)");
        Observed t504 = new Observed(504, t.headers(), t.body(), List.of());
        assertThat(problems(n, t504)).contains("status: nginx=\"502\" telltale=\"504\"");
    }

    @Test
    void knownDifference_excusedAndReported() {
        var known = KnownDifferences.PER_CASE.get(0);
        Observed n = proxied("/", Map.of("host", "backend"));
        var r = Comparison.compare(known.config(), GET, n, proxied("/", Map.of()));
        assertThat(r.problems()).isEmpty();
        assertThat(r.known()).containsExactly(known);
    }

    @Test
    void knownPageDifference_excusesBodyAndHeadersButNotTheStatus() {
        var known = KnownDifferences.PER_CASE.stream().filter(k -> k.field().equals(KnownDifferences.Known.PAGE))
                .findFirst().orElseThrow();
        DiffRequest req = DiffRequest.parse(known.request() + "\n@expect 502\n", "t").get(0);
        Observed n = new Observed(502, Map.of("content-type", "text/html", "etag", "\"1\""),
                "custom 50x".getBytes(StandardCharsets.UTF_8), List.of());
        Observed t = new Observed(502, Map.of("content-type", "text/plain", "x-request-id", "r",
                "cache-control", "no-store"), "diagnostic".getBytes(StandardCharsets.UTF_8), List.of());
        var r = Comparison.compare(known.config(), req, n, t);
        assertThat(r.problems()).isEmpty();
        assertThat(r.known()).containsExactly(known);
        Observed t504 = new Observed(504, t.headers(), t.body(), List.of());
        assertThat(Comparison.compare(known.config(), req, n, t504).problems())
                .containsExactly("status: nginx=\"502\" telltale=\"504\"");
    }

    @Test
    void requestFile_wireBytesAndErrors() {
        DiffRequest r = DiffRequest.parse("# c\nPOST /u\nX-Loc: http://h:${UPSTREAM}/\n@body a\\r\\nb\n@listen 2\n", "t")
                .get(0);
        assertThat(new String(r.wire(Map.of("UPSTREAM", "81")), StandardCharsets.ISO_8859_1)).isEqualTo(
                "POST /u HTTP/1.1\r\nX-Loc: http://h:81/\r\nHost: localhost\r\nContent-Length: 4\r\n"
                        + "Connection: close\r\n\r\na\r\nb");
        assertThat(r.listen()).isEqualTo(2);
        assertThatThrownBy(() -> DiffRequest.parse("GET /\n@bdy x\n", "t.requests"))
                .hasMessageContaining("t.requests:2: unknown @bdy");
    }
}
