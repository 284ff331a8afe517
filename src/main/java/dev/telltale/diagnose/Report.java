package dev.telltale.diagnose;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one failed request: what the page renders (filtered by the detail
 * level), what {@code /reports/{id}} returns, and what the error log says.
 *
 * @param failure      the last attempt's failure: it decides the cause, status and page
 * @param status       HTTP status the client gets (502, 503 or 504)
 * @param route        the matched route, described ({@code /api/}), or {@code null}
 * @param upstreamName the upstream's name
 * @param server       the last attempted server's URL, or {@code null} when none was tried
 * @param address      the last attempted {@code ip:port}, or {@code null}
 * @param headersSent  response headers had already gone to the client (the connection was aborted)
 * @param servers      health of the upstream's servers (passive health and recent history)
 */
public record Report(String requestId, Instant at, String client, String method, String uri, String host,
                     UpstreamFailure failure, int status, String route, String upstreamName, String server,
                     String address, Timing timing, List<Attempt> attempts, List<String> hints,
                     List<ConfigFact> config, boolean headersSent, List<ServerState> servers) {
    public Report {
        attempts = List.copyOf(attempts);
        hints = List.copyOf(hints);
        config = List.copyOf(config);
        servers = List.copyOf(servers);
    }

    /** A report without server health. */
    public Report(String requestId, Instant at, String client, String method, String uri, String host,
                  UpstreamFailure failure, int status, String route, String upstreamName, String server,
                  String address, Timing timing, List<Attempt> attempts, List<String> hints,
                  List<ConfigFact> config, boolean headersSent) {
        this(requestId, at, client, method, uri, host, failure, status, route, upstreamName, server, address, timing,
                attempts, hints, config, headersSent, List.of());
    }

    public Cause cause() {
        return failure.cause();
    }
}
