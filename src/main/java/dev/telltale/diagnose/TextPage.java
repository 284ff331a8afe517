package dev.telltale.diagnose;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code text/plain} body for curl: a status line, the headline, then aligned
 * {@code key: value} lines, one fact per line so that {@code grep} finds it. Every reflected
 * value is written as one line with controls escaped.
 */
final class TextPage {
    private static final String PAD = "              "; // the key column: "request_id:   " is 14 wide
    private static final String SAFE_ADVICE = "Ask the site operator for the report behind this request id.";

    private TextPage() {
    }

    static byte[] render(Report report, DetailPolicy.View view) {
        StringBuilder b = new StringBuilder(view == DetailPolicy.View.FULL ? 1536 : 256);
        b.append(report.status()).append(' ').append(Texts.reason(report.status()));
        switch (view) {
            case FULL:
                b.append(" - ").append(report.cause().title()).append('\n');
                full(b, report);
                break;
            case SAFE:
                b.append(" - ").append(report.cause().title()).append('\n');
                line(b, "cause", report.cause().wireName());
                line(b, "request_id", report.requestId());
                b.append(Headline.safe(report.cause())).append(' ').append(SAFE_ADVICE).append('\n');
                break;
            default:
                b.append('\n');
                line(b, "request_id", report.requestId());
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void full(StringBuilder b, Report r) {
        UpstreamFailure f = r.failure();
        Texts.appendOneLine(b, Headline.full(r));
        b.append("\n\n");
        line(b, "cause", f.cause().wireName() + " (" + f.proxyStatus().wireName() + ")");
        line(b, "phase", f.phase().wireName());
        line(b, "request_id", r.requestId());
        if (r.uri() != null) {
            line(b, "request", (r.method() == null ? "" : r.method() + " ") + (r.host() == null ? "" : r.host()) + r.uri());
        }
        line(b, "route", r.route());
        if (r.upstreamName() != null || r.server() != null) {
            key(b, "upstream");
            value(b, r.upstreamName());
            if (r.server() != null) {
                b.append("  ");
                value(b, r.server());
            }
            if (r.address() != null) {
                b.append("  (");
                value(b, r.address());
                b.append(')');
            }
            b.append('\n');
        }
        line(b, "detail", f.message());
        line(b, "errno", f.errno());
        if (f.timeoutMs() != null) {
            line(b, "timeout", Texts.duration(f.timeoutMs()) + (f.timeoutKey() == null ? "" : " (" + f.timeoutKey() + ")"));
        }
        if (!r.attempts().isEmpty()) {
            timing(b, Timeline.of(r.timing(), f.phase()));
        }
        List<Attempt> attempts = r.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            b.append(i == 0 ? "attempts:     " : PAD).append(i + 1).append(". ");
            value(b, a.address() != null ? a.address() : a.server());
            b.append("  ").append(a.cause() == null ? "ok" : a.cause().wireName())
                    .append("  ").append(a.elapsedMs()).append(" ms");
            if (a.reused()) {
                b.append("  (reused connection)");
            }
            b.append('\n');
        }
        if (HtmlSections.showServers(r)) {
            for (ServerState s : r.servers()) {
                line(b, "server", s.server() + "  " + (s.up() ? "up" : "down") + "  " + s.summary());
            }
        }
        for (String hint : r.hints()) {
            line(b, "hint", hint);
        }
        for (ConfigFact fact : r.config()) {
            line(b, "config", fact.toString());
        }
        line(b, "received", f.received());
    }

    private static void timing(StringBuilder b, Timeline timeline) {
        key(b, "timing");
        b.append("total ").append(timeline.totalMs()).append(" ms =");
        String sep = " ";
        for (Timeline.Step step : timeline.steps()) {
            if (step.state() == Timeline.State.NOT_REACHED) {
                continue;
            }
            b.append(sep).append(step.name()).append(' ').append(step.durationMs()).append(" ms");
            if (step.state() == Timeline.State.FAILED) {
                b.append(" (failed)");
            }
            sep = " + ";
        }
        b.append('\n');
    }

    private static void line(StringBuilder b, String key, String value) {
        if (value == null) {
            return;
        }
        key(b, key);
        value(b, value);
        b.append('\n');
    }

    private static void key(StringBuilder b, String key) {
        b.append(key).append(':').append(PAD, 0, Math.max(1, PAD.length() - key.length() - 1));
    }

    private static void value(StringBuilder b, String value) {
        if (value != null) {
            Texts.appendOneLine(b, value);
        }
    }
}
