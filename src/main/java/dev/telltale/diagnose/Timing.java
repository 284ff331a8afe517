package dev.telltale.diagnose;

/**
 * A request's timeline, all in milliseconds from the request's arrival; {@code null} where
 * the step never happened.
 *
 * @param elapsedMs until the failure (or the response)
 * @param connectMs connection establishment of the last attempt
 * @param sendMs    writing the request to the upstream
 * @param ttfbMs    until the first byte of the response head
 */
public record Timing(long elapsedMs, Long connectMs, Long sendMs, Long ttfbMs) {
}
