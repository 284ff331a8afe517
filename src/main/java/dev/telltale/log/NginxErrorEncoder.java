package dev.telltale.log;

import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.UpstreamFailure;
import java.util.List;
import java.util.Map;

/**
 * The {@code nginx} error log, shaped like nginx's own lines so existing habits and parsers apply:
 * <pre>2026/11/24 07:18:22 [error] 4242#0: *1 connect() failed (111: Connection refused) while connecting
 * to upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/",
 * host: "localhost:8080", request_id: "3f9c…"</pre>
 * (one line). The time is UTC; {@code 4242} is the process id; {@code *1} numbers the lines this
 * log wrote (nginx's connection number has no equivalent here: correlate by {@code request_id}).
 * {@code server:} stays empty as for an nginx server without {@code server_name}; {@code upstream:}
 * is the attempted address and the client's URI; {@code host:} is left out when absent. Every
 * variable part is escaped like the access log ({@code \xHH}), so no line can be split or forged.
 *
 * <p>Another event: {@code 2026/11/24 07:18:22 [warn] 4242#0: health_change, upstream: "app",
 * healthy: false} — strings quoted, numbers and booleans bare, {@code null} as {@code -}.
 */
final class NginxErrorEncoder implements LineEncoder<ErrorEntry> {
    static final long PID = ProcessHandle.current().pid();

    private final LogTimes times = LogTimes.nginxError();
    private long lines;

    @Override
    public void encode(ErrorEntry entry, LineBuffer out) {
        if (entry instanceof UpstreamErrorRecord) {
            upstreamError((UpstreamErrorRecord) entry, out);
        } else {
            event((ErrorEvent) entry, out);
        }
        out.write('\n');
    }

    private void upstreamError(UpstreamErrorRecord r, LineBuffer out) {
        UpstreamFailure f = r.failure();
        prefix(out, r.epochMillis(), "error");
        out.ascii("*").decimal(++lines).write(' ');
        out.escaped(f.message()).ascii(whileClause(f.phase()));
        out.ascii(", client: ").escaped(r.client());
        out.ascii(", server: ");
        if (r.method() != null || r.uri() != null) {
            out.ascii(", request: \"");
            CombinedAccessEncoder.request(out, r.method(), r.uri(), r.protocol());
            out.write('"');
        }
        out.ascii(", upstream: \"");
        upstreamUrl(out, r);
        out.write('"');
        if (r.host() != null) {
            out.ascii(", host: \"").escaped(r.host()).write('"');
        }
        if (r.requestId() != null) {
            out.ascii(", request_id: \"").escaped(r.requestId()).write('"');
        }
    }

    private void event(ErrorEvent e, LineBuffer out) {
        prefix(out, e.epochMillis(), e.level());
        out.escaped(e.event());
        for (Map.Entry<String, Object> field : e.fields().entrySet()) {
            out.ascii(", ").escaped(field.getKey()).ascii(": ");
            value(out, field.getValue());
        }
    }

    private void prefix(LineBuffer out, long epochMillis, String level) {
        out.ascii(times.format(epochMillis)).ascii(" [").ascii(level).ascii("] ").decimal(PID).ascii("#0: ");
    }

    /** nginx's words for where the failure happened; resolve failures carry no clause, as in nginx. */
    static String whileClause(Phase phase) {
        switch (phase) {
            case CONNECT:
                return " while connecting to upstream";
            case SEND_REQUEST:
                return " while sending request to upstream";
            case READ_HEADERS:
                return " while reading response header from upstream";
            case READ_BODY:
                return " while reading upstream";
            default:
                return "";
        }
    }

    /**
     * nginx's {@code upstream:} value: scheme of the server, the address tried (else the server's
     * authority, else the upstream's name, as nginx does for "no live upstreams"), then the URI.
     */
    private static void upstreamUrl(LineBuffer out, UpstreamErrorRecord r) {
        String server = r.server();
        int schemeEnd = server == null ? -1 : server.indexOf("://");
        out.escaped(schemeEnd < 0 ? "http" : server.substring(0, schemeEnd)).ascii("://");
        if (r.address() != null) {
            out.escaped(r.address());
        } else if (server != null) {
            String rest = server.substring(schemeEnd < 0 ? 0 : schemeEnd + 3);
            int slash = rest.indexOf('/');
            out.escaped(slash < 0 ? rest : rest.substring(0, slash));
        } else {
            out.escaped(r.upstream());
        }
        out.escaped(r.uri() == null ? "/" : r.uri());
    }

    private static void value(LineBuffer out, Object value) {
        if (value == null) {
            out.write('-');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.escaped(value.toString());
        } else if (value instanceof List) {
            out.write('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.ascii(", ");
                }
                first = false;
                value(out, item);
            }
            out.write(']');
        } else {
            out.write('"');
            out.escaped(value.toString());
            out.write('"');
        }
    }
}
