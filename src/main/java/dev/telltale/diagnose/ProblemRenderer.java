package dev.telltale.diagnose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

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

    /** The {@code Content-Type} of {@link #render} in {@code format}. */
    public static String contentType(Format format) {
        switch (format) {
            case HTML:
                return HTML_TYPE;
            case JSON:
                return JSON_TYPE;
            default:
                return TEXT_TYPE;
        }
    }

    /**
     * The body of {@link #render} as a buffer from {@code alloc}, for writing at once (the
     * caller owns it). Copying the bytes into a direct buffer here is the copy Netty would make
     * on write from a heap buffer; encoding the page's builder into the buffer char by char
     * (ByteBufUtil.writeUtf8) was measured slower than the JDK's {@code String} encoding plus
     * one copy (bench/README.md, storm profile).
     */
    public ByteBuf renderBody(Report report, DetailPolicy.View view, Format format, ByteBufAllocator alloc) {
        byte[] bytes = render(report, view, format).body();
        ByteBuf body = alloc.buffer(bytes.length);
        return body.writeBytes(bytes);
    }

    /**
     * The RFC 9209 {@code Proxy-Status} value: {@code telltale; error=connection_refused;
     * details="connect() to 127.0.0.1:3000 failed (111: Connection refused)"}. {@code details}
     * (the failure's message, as an RFC 8941 sf-string: {@code "} and {@code \} escaped,
     * characters outside printable ASCII dropped, at most 512 characters) only in
     * {@link DetailPolicy.View#FULL}.
     */
    public String proxyStatusHeader(Report report, DetailPolicy.View view) {
        UpstreamFailure f = report.failure();
        if (view != DetailPolicy.View.FULL) {
            return SHORT_PROXY_STATUS[f.proxyStatus().ordinal()];
        }
        // The same failure (a storm's) gives the same value: made once per message.
        int hash = f.message().hashCode();
        ProxyStatusValue known = PROXY_STATUS.get(hash);
        if (known != null && known.status() == f.proxyStatus() && known.message().equals(f.message())) {
            return known.value();
        }
        String value = fullProxyStatus(f.proxyStatus().wireName(), f.message());
        PROXY_STATUS.put(hash, new ProxyStatusValue(f.proxyStatus(), f.message(), value));
        return value;
    }

    private record ProxyStatusValue(ProxyStatus status, String message, String value) {
    }

    private static final Memo<ProxyStatusValue> PROXY_STATUS = new Memo<>(64);

    /** {@code telltale; error=E} by {@link ProxyStatus#ordinal()}: what views other than FULL get. */
    private static final String[] SHORT_PROXY_STATUS = java.util.Arrays.stream(ProxyStatus.values())
            .map(s -> "telltale; error=" + s.wireName()).toArray(String[]::new);

    private static String fullProxyStatus(String error, String message) {
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
