package dev.telltale.diagnose;

/**
 * One try of a request against one server.
 *
 * @param server    the server's URL as configured
 * @param address   {@code ip:port} connected to, or the host:port when it never resolved
 * @param failure   what went wrong, or {@code null} when the attempt got a response
 * @param elapsedMs from the attempt's start to its end
 * @param connectMs connection establishment time, {@code null} when not connected (or reused)
 * @param reused    the connection came from the keep-alive pool
 */
public record Attempt(String server, String address, UpstreamFailure failure, long elapsedMs, Long connectMs,
                      boolean reused) {
    public Cause cause() {
        return failure == null ? null : failure.cause();
    }
}
