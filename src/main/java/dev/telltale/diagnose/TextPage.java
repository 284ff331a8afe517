package dev.telltale.diagnose;

import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The {@code text/plain} body for curl: a status line, the headline, then aligned
 * {@code key: value} lines, one fact per line so that {@code grep} finds it. Every reflected
 * value is written as one line with controls escaped.
 */
final class TextPage {
    private static final String PAD = "              "; // the key column: "request_id:   " is 14 wide
    private static final String SAFE_ADVICE = "Ask the site operator for the report behind this request id.";
    /** A builder that grew past this is not kept for the next page. */
    private static final int KEPT_CAPACITY = 16 * 1024;
    private static final FastThreadLocal<StringBuilder> BUILDER = new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(2048);
        }
    };

    /**
     * The lines of a {@code full} page that are the same for every failure of one server with
     * the same outcome: everything but the request's own id, request line, timing and attempts.
     * Keyed by what they are made of; in a 502 storm they are made once.
     */
    private record Fixed(int status, UpstreamFailure failure, String route, String upstreamName, String server,
                         String address, List<ServerState> servers, List<String> hints, List<ConfigFact> config,
                         String head, String middle, String tail) {
        boolean isFor(Report r) {
            return status == r.status() && Objects.equals(address, r.address()) && Objects.equals(failure, r.failure())
                    && Objects.equals(route, r.route()) && Objects.equals(upstreamName, r.upstreamName())
                    && Objects.equals(server, r.server()) && Objects.equals(hints, r.hints())
                    && Objects.equals(config, r.config()) && Objects.equals(servers, r.servers());
        }
    }

    private static final Memo<Fixed> FIXED = new Memo<>(64);

    private TextPage() {
    }

    static byte[] render(Report report, DetailPolicy.View view) {
        return render(report, view, builder()).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder builder() {
        StringBuilder b = BUILDER.get();
        if (b.capacity() > KEPT_CAPACITY) {
            b = new StringBuilder(2048);
            BUILDER.set(b);
        }
        b.setLength(0);
        return b;
    }

    private static StringBuilder render(Report report, DetailPolicy.View view, StringBuilder b) {
        switch (view) {
            case FULL:
                full(b, report);
                break;
            case SAFE:
                statusLine(b, report).append(" - ").append(report.cause().title()).append('\n');
                line(b, "cause", report.cause().wireName());
                line(b, "request_id", report.requestId());
                b.append(Headline.safe(report.cause())).append(' ').append(SAFE_ADVICE).append('\n');
                break;
            default:
                statusLine(b, report).append('\n');
                line(b, "request_id", report.requestId());
        }
        return b;
    }

    private static StringBuilder statusLine(StringBuilder b, Report r) {
        return b.append(r.status()).append(' ').append(Texts.reason(r.status()));
    }

    private static void full(StringBuilder b, Report r) {
        Fixed fixed = fixed(r);
        b.append(fixed.head());
        line(b, "request_id", r.requestId());
        if (r.uri() != null) {
            // One value, escaped as one: a surrogate pair split across the parts stays a pair.
            line(b, "request", (r.method() == null ? "" : r.method() + " ") + (r.host() == null ? "" : r.host()) + r.uri());
        }
        b.append(fixed.middle());
        if (!r.attempts().isEmpty()) {
            timing(b, Timeline.of(r.timing(), r.failure().phase()));
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
        b.append(fixed.tail());
    }

    private static Fixed fixed(Report r) {
        int hash = Objects.hashCode(r.address()) * 31 + r.cause().ordinal();
        Fixed known = FIXED.get(hash);
        if (known != null && known.isFor(r)) {
            return known;
        }
        StringBuilder b = new StringBuilder(1024);
        head(b, r);
        String head = b.toString();
        b.setLength(0);
        middle(b, r);
        String middle = b.toString();
        b.setLength(0);
        tail(b, r);
        return FIXED.put(hash, new Fixed(r.status(), r.failure(), r.route(), r.upstreamName(), r.server(),
                r.address(), r.servers(), r.hints(), r.config(), head, middle, b.toString()));
    }

    /** The status line, the headline, cause and phase. */
    private static void head(StringBuilder b, Report r) {
        UpstreamFailure f = r.failure();
        statusLine(b, r).append(" - ").append(r.cause().title()).append('\n');
        Texts.appendOneLine(b, Headline.full(r));
        b.append("\n\n");
        line(b, "cause", f.cause().wireName() + " (" + f.proxyStatus().wireName() + ")");
        line(b, "phase", f.phase().wireName());
    }

    /** Route, upstream, detail, errno and timeout: between the request and its timing. */
    private static void middle(StringBuilder b, Report r) {
        UpstreamFailure f = r.failure();
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
    }

    /** Servers, hints, config facts and what the upstream sent. */
    private static void tail(StringBuilder b, Report r) {
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
        line(b, "received", r.failure().received());
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
