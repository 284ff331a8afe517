package dev.telltale.admin;

import dev.telltale.diagnose.Report;
import dev.telltale.metrics.Latency;
import dev.telltale.metrics.MetricNames;
import dev.telltale.metrics.ProxyMetrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status page at {@code /}: server-rendered, no script, no external asset, reloaded by the
 * browser every {@link #REFRESH_SECONDS} seconds. Every value that comes from traffic, config or
 * upstreams goes through {@link #esc}.
 */
final class Dashboard {
    static final int REFRESH_SECONDS = 5;
    static final int FEED_SIZE = 25;

    private static final String CSS = """
            :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--mute:#59636e;--line:#d1d9e0;--bad:#b42318;\
            --ok:#1a7f37;--card:#f6f8fa}\
            @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#30363d;\
            --bad:#ff7b72;--ok:#3fb950;--card:#161b22}}\
            body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,sans-serif;margin:1.5rem}\
            h1{font-size:1.3rem;margin:0 0 .2rem}h2{font-size:1.05rem;margin:1.6rem 0 .5rem}\
            .mute{color:var(--mute)}table{border-collapse:collapse;width:100%;background:var(--card)}\
            th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}\
            th{font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\
            .up{color:var(--ok);font-weight:600}.down,.cause{color:var(--bad);font-weight:600}\
            a{color:inherit}code{font:12px ui-monospace,monospace}""";

    /** The CSP source for the one inline stylesheet, so that no other inline style or script runs. */
    static final String STYLE_HASH = "'sha256-" + sha256(CSS) + "'";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Dashboard() {
    }

    static String render(AdminSources sources, Instant now) {
        ProxyMetrics metrics = sources.metrics();
        List<UpstreamStatus> upstreams = sources.upstreams();
        boolean ready = sources.ready();
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"color-scheme\" content=\"light dark\">")
                .append("<title>Telltale admin</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>Telltale</h1><p class=\"mute\">")
                .append(ready ? "<span class=\"up\">ready</span>"
                        : "<span class=\"down\">not ready</span>: " + esc(sources.notReadyReason()))
                .append(" · ").append(esc(TIME.format(now))).append(" · refreshes every ")
                .append(REFRESH_SECONDS).append("s · <a href=\"/metrics\">metrics</a> · ")
                .append("<a href=\"/api/failures\">failures (JSON)</a></p>");

        h.append("<h2>Upstreams</h2><table id=\"upstreams\"><tr><th>upstream</th><th>server</th><th>state</th>")
                .append("<th>passive health</th><th>active check</th><th>last failure</th><th>recent failures</th>")
                .append("<th>last success</th></tr>");
        for (UpstreamStatus u : upstreams) {
            for (UpstreamStatus.Server s : u.servers()) {
                h.append("<tr><td>").append(esc(u.name())).append("</td><td><code>").append(esc(s.url()))
                        .append("</code></td><td class=\"").append(s.state()).append("\">").append(s.state())
                        .append("</td><td>");
                passive(h, s.passive());
                h.append("</td><td>");
                active(h, s.active());
                h.append("</td><td>");
                if (s.lastFailureCause() != null) {
                    h.append("<span class=\"cause\">").append(esc(s.lastFailureCause())).append("</span> ")
                            .append(s.lastFailureAt() == null ? "" : esc(TIME.format(s.lastFailureAt())));
                } else {
                    h.append("<span class=\"mute\">none</span>");
                }
                h.append("</td><td>").append(esc(counts(s.recentFailures()))).append("</td><td>")
                        .append(s.lastSuccessAt() == null ? "<span class=\"mute\">never</span>"
                                : esc(TIME.format(s.lastSuccessAt()))).append("</td></tr>");
            }
        }
        h.append("</table>");

        h.append("<h2>Failures by cause</h2><table id=\"causes\"><tr><th>cause</th><th>attempts</th></tr>");
        Map<String, Long> byCause = metrics.failuresByCause();
        if (byCause.isEmpty()) {
            h.append("<tr><td colspan=\"2\" class=\"mute\">no failure since start</td></tr>");
        }
        byCause.forEach((cause, n) -> h.append("<tr><td class=\"cause\">").append(esc(cause))
                .append("</td><td class=\"n\">").append(n).append("</td></tr>"));
        h.append("</table>");

        h.append("<h2>Latency (last ").append(ProxyMetrics.WINDOW_SECONDS).append("s, ms)</h2>")
                .append("<table id=\"latency\"><tr><th>requests</th><th>count</th><th>p50</th><th>p90</th>")
                .append("<th>p99</th><th>max</th></tr>");
        latencyRow(h, "all", metrics.latency(MetricNames.DOWNSTREAM_RQ_TIME));
        for (UpstreamStatus u : upstreams) {
            latencyRow(h, "upstream " + u.name(), metrics.latency(MetricNames.UPSTREAM_RQ_TIME, u.name()));
        }
        h.append("</table>");

        h.append("<h2>Latest failures</h2><table id=\"feed\"><tr><th>time</th><th>request</th><th>cause</th>")
                .append("<th>status</th><th>request line</th><th>upstream</th><th>detail</th></tr>");
        List<Report> feed = sources.recentFailures(FEED_SIZE);
        if (feed.isEmpty()) {
            h.append("<tr><td colspan=\"7\" class=\"mute\">no failure kept</td></tr>");
        }
        for (Report r : feed) {
            h.append("<tr class=\"failure\"><td>").append(r.at() == null ? "" : esc(TIME.format(r.at())))
                    .append("</td><td><a href=\"").append(esc(ReportJson.reportPath(r.requestId())))
                    .append("\"><code>").append(esc(r.requestId())).append("</code></a></td><td class=\"cause\">")
                    .append(esc(r.cause().wireName())).append("</td><td class=\"n\">").append(r.status())
                    .append("</td><td><code>").append(esc(r.method())).append(' ').append(esc(r.host()))
                    .append(esc(r.uri())).append("</code></td><td>").append(esc(r.upstreamName()));
            if (r.server() != null) {
                h.append(" <code>").append(esc(r.server())).append("</code>");
            }
            h.append("</td><td>").append(esc(r.failure().message())).append("</td></tr>");
        }
        h.append("</table></body></html>");
        return h.toString();
    }

    /** {@code up}, or {@code down (refused) until 12:00:10Z}. */
    private static void passive(StringBuilder h, UpstreamStatus.Passive p) {
        if (p.up()) {
            h.append("<span class=\"up\">up</span>");
            return;
        }
        h.append("<span class=\"down\">down</span> (<span class=\"cause\">").append(esc(p.downCause()))
                .append("</span>)");
        if (p.retryAt() != null) {
            h.append(" until ").append(esc(TIME.format(p.retryAt())));
        }
    }

    /** {@code down: connect() to … failed (… refused) at 12:00:09Z}, or that there are no checks. */
    private static void active(StringBuilder h, UpstreamStatus.Active a) {
        if (a == null) {
            h.append("<span class=\"mute\">no health_check</span>");
            return;
        }
        h.append(a.up() ? "<span class=\"up\">up</span>" : "<span class=\"down\">down</span>");
        UpstreamStatus.Check c = a.lastCheck();
        if (c == null) {
            h.append(": <span class=\"mute\">no check yet</span>");
        } else {
            h.append(": ").append(esc(c.reason())).append(" at ").append(esc(TIME.format(c.at())));
        }
    }

    private static void latencyRow(StringBuilder h, String label, Latency l) {
        h.append("<tr><td>").append(esc(label)).append("</td><td class=\"n\">").append(l.count()).append("</td>");
        for (double v : new double[] {l.p50Ms(), l.p90Ms(), l.p99Ms(), l.maxMs()}) {
            h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.1f", v)).append("</td>");
        }
        h.append("</tr>");
    }

    private static String counts(Map<String, Long> byCause) {
        if (byCause.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(byCause).forEach((c, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ')
                .append(n));
        return sb.toString();
    }

    /** HTML-escapes text for element content and double- or single-quoted attributes; null → empty. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
