package dev.telltale.log;

import java.util.List;

/**
 * One finished downstream request, as the access log records it. Built by the proxy when the
 * exchange ends and handed to {@link AccessLog#log}; immutable, so it can cross to the writer thread.
 *
 * @param epochMillis       when the request started, milliseconds since the epoch
 * @param requestId         the {@code X-Request-Id}
 * @param client            the client's IP address ({@code $remote_addr}), without port
 * @param method            request method, {@code null} when no request line was read
 * @param uri               request target as the client sent it
 * @param protocol          {@code HTTP/1.1}, {@code HTTP/1.0}
 * @param host              the {@code Host} header
 * @param status            status sent to the client
 * @param bytesSent         response body bytes sent to the client ({@code $body_bytes_sent})
 * @param durationMs        from the first byte of the request to the last byte of the response
 * @param route             the matched route, described ({@code /api/}), or {@code null}
 * @param upstream          the upstream's name, or {@code null} when none was chosen
 * @param upstreamAddr      {@code ip:port} of every attempted server in order, or {@code null}/empty
 * @param upstreamStatus    the status the last upstream answered, or {@code null}
 * @param upstreamConnectMs connection time of the last attempt, {@code null} when reused or none
 * @param upstreamHeaderMs  time from the last attempt's start to its response head, or {@code null}
 * @param cause             the {@code Cause} wire name when the request failed, else {@code null}
 * @param proxyStatus       the {@code ProxyStatus} wire name when the request failed, else {@code null}
 * @param userAgent         the {@code User-Agent} header, or {@code null}
 * @param referer           the {@code Referer} header, or {@code null}
 */
public record AccessRecord(long epochMillis, String requestId, String client, String method, String uri,
                           String protocol, String host, int status, long bytesSent, long durationMs, String route,
                           String upstream, List<String> upstreamAddr, Integer upstreamStatus, Long upstreamConnectMs,
                           Long upstreamHeaderMs, String cause, String proxyStatus, String userAgent,
                           String referer) {
    public AccessRecord {
        upstreamAddr = upstreamAddr == null ? null : List.copyOf(upstreamAddr);
    }
}
