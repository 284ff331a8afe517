package dev.telltale.diagnose;

/**
 * Renders a failure {@link Report} as the body and {@code Proxy-Status} header of a diagnostic
 * response, in the format the client asked for and at the detail its {@link DetailPolicy.View}
 * allows. Stateless and thread-safe: share one instance across event loops.
 *
 * <p>In {@link DetailPolicy.View#SAFE} and {@link DetailPolicy.View#OFF} nothing rendered names
 * an address, host, port, route, upstream, server URL, config key, file, errno, hint or
 * upstream byte.
 */
public final class ProblemRenderer {
    public static final String HTML_TYPE = "text/html; charset=utf-8";
    public static final String JSON_TYPE = "application/problem+json";
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";

    /**
     * A {@code Content-Security-Policy} for the HTML page: its own inline style and script by
     * hash, same-origin fetches (the watch endpoint), nothing else. Constant for the process.
     */
    public static final String HTML_CONTENT_SECURITY_POLICY = HtmlAssets.CONTENT_SECURITY_POLICY;

    private static final int MAX_DETAILS = 512;

    /** A rendered body: its {@code Content-Type} and UTF-8 bytes. */
    public record Rendered(String contentType, byte[] body) {
    }

    public Rendered render(Report report, DetailPolicy.View view, Format format) {
        switch (format) {
            case HTML:
                return new Rendered(HTML_TYPE, HtmlPage.render(report, view));
            case JSON:
                return new Rendered(JSON_TYPE, JsonProblem.render(report, view));
            default:
                return new Rendered(TEXT_TYPE, TextPage.render(report, view));
        }
    }

    /**
     * The RFC 9209 {@code Proxy-Status} value: {@code telltale; error=connection_refused;
     * details="connect() to 127.0.0.1:3000 failed (111: Connection refused)"}. {@code details}
     * (the failure's message, as an RFC 8941 sf-string: {@code "} and {@code \} escaped,
     * characters outside printable ASCII dropped, at most 512 characters) only in
     * {@link DetailPolicy.View#FULL}.
     */
    public String proxyStatusHeader(Report report, DetailPolicy.View view) {
        String error = report.failure().proxyStatus().wireName();
        if (view != DetailPolicy.View.FULL) {
            return "telltale; error=" + error;
        }
        String message = report.failure().message();
        StringBuilder b = new StringBuilder(32 + error.length() + Math.min(message.length(), MAX_DETAILS) + 8);
        b.append("telltale; error=").append(error).append("; details=\"");
        int kept = 0;
        for (int i = 0; i < message.length() && kept < MAX_DETAILS; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                continue; // sf-string allows printable ASCII only; CR/LF here would split the header
            }
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
            kept++;
        }
        return b.append('"').toString();
    }
}
