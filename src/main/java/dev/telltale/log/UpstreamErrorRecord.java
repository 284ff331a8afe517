package dev.telltale.log;

import dev.telltale.diagnose.UpstreamFailure;

/**
 * One failed upstream attempt, as the error log records it (DESIGN §4.3). Immutable, so it can
 * cross to the writer thread.
 *
 * @param epochMillis when the attempt failed, milliseconds since the epoch
 * @param requestId   the {@code X-Request-Id}, the same the page shows
 * @param failure     the classified failure (cause, proxy status, phase, errno, message, timeout)
 * @param client      the client's IP address
 * @param method      request method
 * @param uri         request target as the client sent it
 * @param protocol    {@code HTTP/1.1}, {@code HTTP/1.0}; used by the {@code nginx} format's {@code request}
 * @param host        the {@code Host} header, or {@code null}
 * @param route       the matched route, described, or {@code null}
 * @param upstream    the upstream's name
 * @param server      the attempted server's URL as configured, or {@code null} when none was picked
 * @param address     the attempted {@code ip:port}, or {@code null}
 * @param attempt     1 for the first try, 2 for the first retry, …
 * @param elapsedMs   from the attempt's start to the failure
 * @param connectMs   connection establishment time, {@code null} when not connected or reused
 */
public record UpstreamErrorRecord(long epochMillis, String requestId, UpstreamFailure failure, String client,
                                  String method, String uri, String protocol, String host, String route,
                                  String upstream, String server, String address, int attempt, long elapsedMs,
                                  Long connectMs) implements ErrorEntry {
    public UpstreamErrorRecord {
        if (failure == null) {
            throw new IllegalArgumentException("failure: missing (expected: the classified failure)");
        }
    }
}
