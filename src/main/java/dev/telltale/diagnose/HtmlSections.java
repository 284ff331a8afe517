package dev.telltale.diagnose;

import java.util.List;

/** The sections of the {@link DetailPolicy.View#FULL} HTML page, in reading order. */
final class HtmlSections {
    private HtmlSections() {
    }

    static void full(StringBuilder b, Report r, boolean watch) {
        UpstreamFailure f = r.failure();
        b.append("<h1>").append(f.cause().title()).append("</h1><p class=\"lede\">");
        Html.escape(b, Headline.full(r)).append("</p>");
        HtmlPage.requestId(b, r);
        if (watch) {
            b.append("<p class=\"watch\" id=\"watch\" aria-live=\"polite\">Watching the upstream: "
                    + "this page reloads by itself when it accepts connections again.</p>");
        }
        diagram(b, r);
        list(b, "What can I do?", "hints", r.hints());
        if (!r.attempts().isEmpty()) {
            timeline(b, Timeline.of(r.timing(), f.phase()));
            attempts(b, r.attempts());
        }
        servers(b, r);
        details(b, r);
        if (!r.config().isEmpty()) {
            b.append("<section><h2>Configuration</h2><ul class=\"cfg\">");
            for (ConfigFact fact : r.config()) {
                b.append("<li><code>");
                Html.escape(b, fact.key()).append(" = ");
                Html.escape(b, fact.value()).append("</code> <span>(");
                Html.escape(b, fact.origin() == null ? "default" : fact.origin()).append(")</span></li>");
            }
            b.append("</ul></section>");
        }
        if (f.received() != null) {
            b.append("<section><h2>Received from the upstream</h2><pre>");
            Html.escape(b, f.received()).append("</pre></section>");
        }
        b.append("<footer>");
        if (r.at() != null) {
            b.append(r.at()).append(" &#xb7; ");
        }
        b.append("The error log has one <code>upstream_error</code> line per attempt under this request id.</footer>");
    }

    /** client → Telltale → upstream, with the failing hop (or the proxy itself) marked. */
    private static void diagram(StringBuilder b, Report r) {
        UpstreamFailure f = r.failure();
        boolean proxyFailed = f.cause() == Cause.NO_LIVE_UPSTREAM || f.cause() == Cause.OVERLOADED;
        b.append("<section><h2>Where it failed</h2><div class=\"flow\" role=\"img\" aria-label=\"client to Telltale to upstream; ");
        b.append(proxyFailed ? "Telltale did not contact the upstream" : "failed between Telltale and the upstream in phase " + f.phase().wireName());
        b.append("\">");
        node(b, "node", "Client", r.client());
        b.append("<div class=\"hop\"><em>");
        Html.escape(b, r.method() == null ? "request" : r.method()).append("</em><i></i><em>received</em></div>");
        node(b, proxyFailed ? "node bad" : "node", proxyFailed ? "\u2715 Telltale" : "Telltale",
                r.route() == null ? null : "route " + r.route());
        if (proxyFailed) {
            b.append("<div class=\"hop idle\"><em>not tried</em><i></i><em>").append(f.cause().wireName()).append("</em></div>");
        } else {
            b.append("<div class=\"hop bad\"><em>").append(f.phase().wireName())
                    .append("</em><i><b aria-hidden=\"true\">&#x2715;</b></i><em>").append(f.cause().wireName()).append("</em></div>");
        }
        String name = r.upstreamName() == null ? "Upstream" : r.upstreamName();
        node(b, proxyFailed ? "node" : "node down", name, r.address() != null ? r.address() : r.server());
        b.append("</div></section>");
    }

    private static void node(StringBuilder b, String cls, String title, String sub) {
        b.append("<div class=\"").append(cls).append("\"><b>");
        Html.escape(b, title).append("</b>");
        if (sub != null) {
            Html.escape(b.append("<span>"), sub).append("</span>");
        }
        b.append("</div>");
    }

    private static void list(StringBuilder b, String title, String cls, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("<section><h2>").append(title).append("</h2><ol class=\"").append(cls).append("\">");
        for (String item : items) {
            Html.escape(b.append("<li>"), item).append("</li>");
        }
        b.append("</ol></section>");
    }

    /** Bars on one scale (the request's total), widths as SVG attributes so no inline style is needed. */
    private static void timeline(StringBuilder b, Timeline t) {
        long scale = Math.max(1, t.totalMs());
        b.append("<section><h2>Timeline</h2><div class=\"tl\">");
        for (Timeline.Step s : t.steps()) {
            boolean reached = s.state() != Timeline.State.NOT_REACHED;
            b.append("<span class=\"").append(s.state() == Timeline.State.FAILED ? "f" : reached ? "" : "n").append("\">")
                    .append(s.name()).append("</span>")
                    .append("<svg viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">")
                    .append("<rect class=\"trk\" width=\"1000\" height=\"10\"/>");
            if (reached) {
                long x = Math.min(996, s.startMs() * 1000 / scale);
                long w = Math.max(4, s.durationMs() * 1000 / scale);
                b.append("<rect class=\"").append(s.state() == Timeline.State.FAILED ? "fail" : "done")
                        .append("\" x=\"").append(x).append("\" width=\"").append(Math.min(w, 1000 - x))
                        .append("\" height=\"10\"/>");
            }
            b.append("</svg><span class=\"ms\">");
            if (reached) {
                b.append(s.durationMs()).append(" ms");
            } else {
                b.append("&#x2014;");
            }
            b.append("</span>");
        }
        b.append("</div><p class=\"total\">Total ").append(t.totalMs())
                .append(" ms from the request's arrival to the failure.</p></section>");
    }

    private static void attempts(StringBuilder b, List<Attempt> attempts) {
        b.append("<section><h2>Attempts</h2><div class=\"scroll\"><table><thead><tr><th>#</th><th class=\"srv\">Server</th>"
                + "<th>Address</th><th>Result</th><th class=\"num\">Time</th></tr></thead><tbody>");
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            b.append("<tr><td>").append(i + 1).append("</td><td class=\"mono srv\">");
            Html.escape(b, a.server()).append("</td><td class=\"mono\">");
            Html.escape(b, a.address()).append("</td><td>");
            if (a.cause() == null) {
                b.append("<span class=\"ok-t\">ok</span>");
            } else {
                b.append("<span class=\"bad-t\">").append(a.cause().wireName()).append("</span>");
            }
            if (a.reused()) {
                b.append(" <span class=\"n\">(reused connection)</span>");
            }
            b.append("</td><td class=\"num\">").append(a.elapsedMs()).append(" ms</td></tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    /** The upstream's servers: which are down, why, when retried, and their recent failures. */
    private static void servers(StringBuilder b, Report r) {
        if (!showServers(r)) {
            return;
        }
        b.append("<section><h2>Servers of ");
        Html.escape(b, r.upstreamName()).append("</h2><ul class=\"cfg\">");
        for (ServerState s : r.servers()) {
            b.append("<li><code>");
            Html.escape(b, s.server()).append("</code> <span class=\"").append(s.up() ? "ok-t" : "bad-t").append("\">")
                    .append(s.up() ? "up" : "down").append("</span> <span>");
            Html.escape(b, s.summary()).append("</span></li>");
        }
        b.append("</ul></section>");
    }

    /** Worth showing when a server is down, or one failed recently besides this request. */
    static boolean showServers(Report r) {
        for (ServerState s : r.servers()) {
            if (!s.up() || s.recentFailures().values().stream().mapToInt(Integer::intValue).sum() > 1) {
                return true;
            }
        }
        return false;
    }

    private static void details(StringBuilder b, Report r) {
        UpstreamFailure f = r.failure();
        b.append("<section><h2>Details</h2><dl>");
        dd(b, "cause", f.cause().wireName() + " (" + f.proxyStatus().wireName() + ")");
        dd(b, "phase", f.phase().wireName());
        dd(b, "detail", f.message());
        dd(b, "errno", f.errno());
        if (f.timeoutMs() != null) {
            dd(b, "timeout", Texts.duration(f.timeoutMs()) + (f.timeoutKey() == null ? "" : " (" + f.timeoutKey() + ")"));
        }
        if (r.uri() != null) {
            dd(b, "request", (r.method() == null ? "" : r.method() + " ") + (r.host() == null ? "" : r.host()) + r.uri());
        }
        dd(b, "route", r.route());
        dd(b, "upstream", r.upstreamName());
        dd(b, "server", r.server());
        dd(b, "address", r.address());
        dd(b, "client", r.client());
        b.append("</dl></section>");
    }

    private static void dd(StringBuilder b, String key, String value) {
        if (value != null) {
            b.append("<dt>").append(key).append("</dt><dd>");
            Html.escape(b, value).append("</dd>");
        }
    }
}
