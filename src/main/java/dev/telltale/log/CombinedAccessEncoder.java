package dev.telltale.log;

/**
 * The {@code combined} access log, byte for byte nginx's predefined format:
 * <pre>$remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"</pre>
 * with {@code $time_local} in UTC ({@code 24/Nov/2026:07:18:22 +0000}), {@code -} for absent
 * values and nginx's {@code \xHH} escaping (see {@link LineBuffer#escaped}), so existing tools
 * (GoAccess, fail2ban, awstats) read it unchanged.
 */
final class CombinedAccessEncoder implements LineEncoder<AccessRecord> {
    private final LogTimes times = LogTimes.nginxAccess();

    @Override
    public void encode(AccessRecord r, LineBuffer out) {
        out.escaped(r.client()).ascii(" - - [").ascii(times.format(r.epochMillis())).ascii("] \"");
        request(out, r.method(), r.uri(), r.protocol());
        out.ascii("\" ").decimal(r.status()).write(' ');
        out.decimal(r.bytesSent()).ascii(" \"");
        out.escaped(r.referer()).ascii("\" \"");
        out.escaped(r.userAgent()).ascii("\"\n");
    }

    /** {@code $request}: the request line, rebuilt from its parts; {@code -} when none was read. */
    static void request(LineBuffer out, String method, String uri, String protocol) {
        if (method == null && uri == null) {
            out.write('-');
            return;
        }
        out.escaped(method == null ? "-" : method).write(' ');
        out.escaped(uri == null ? "-" : uri);
        if (protocol != null) {
            out.write(' ');
            out.escaped(protocol);
        }
    }
}
