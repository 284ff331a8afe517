package dev.telltale.diagnose;

import java.nio.charset.StandardCharsets;

/**
 * The self-contained HTML page: inline CSS and script ({@link HtmlAssets}), no external asset,
 * readable at 360 px and in dark mode. Every reflected value goes through {@link Html#escape}.
 */
final class HtmlPage {
    private static final String HEAD_START = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            + "<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"robots\" content=\"noindex\"><title>";
    private static final String HEAD_END = "</title><style>" + HtmlAssets.CSS + "</style></head>";
    private static final String TAIL = "<script>" + HtmlAssets.JS + "</script></body></html>";

    private HtmlPage() {
    }

    static byte[] render(Report report, DetailPolicy.View view) {
        StringBuilder b = new StringBuilder(HEAD_END.length() + TAIL.length() + (view == DetailPolicy.View.FULL ? 6144 : 1024));
        String reason = report.status() + " " + Texts.reason(report.status());
        b.append(HEAD_START).append(reason);
        if (view != DetailPolicy.View.OFF) {
            b.append(" &#x2014; ").append(report.cause().title());
        }
        b.append(HEAD_END);
        boolean watch = view == DetailPolicy.View.FULL && watches(report.cause());
        b.append("<body");
        if (watch) {
            Html.escape(b.append(" data-watch=\""), report.requestId()).append('"');
        }
        b.append("><main><header class=\"top\"><span class=\"pill\">").append(reason)
                .append("</span><span class=\"brand\">served by <b>Telltale</b></span></header>");
        switch (view) {
            case FULL:
                HtmlSections.full(b, report, watch);
                break;
            case SAFE:
                b.append("<h1>").append(report.cause().title()).append("</h1><p class=\"lede\">")
                        .append(Headline.safe(report.cause())).append("</p>");
                requestId(b, report);
                b.append("<footer>The site operator can look this request id up to see what went wrong. "
                        + "Please include it when you report the problem.</footer>");
                break;
            default:
                b.append("<h1>").append(Texts.reason(report.status())).append("</h1><p class=\"lede\">")
                        .append("The server could not complete this request.</p>");
                requestId(b, report);
                b.append("<footer>If you contact the site operator, quote this request id.</footer>");
        }
        b.append("</main>").append(TAIL);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Causes that heal by themselves once the app is (re)started: worth watching from the page. */
    private static boolean watches(Cause cause) {
        return cause == Cause.REFUSED || cause == Cause.TIMEOUT || cause == Cause.NO_LIVE_UPSTREAM;
    }

    static void requestId(StringBuilder b, Report report) {
        b.append("<div class=\"rid\"><span class=\"lbl\">Request id</span><code id=\"rid\">");
        Html.escape(b, report.requestId());
        b.append("</code><button type=\"button\" data-copy=\"rid\">Copy</button></div>");
    }
}
