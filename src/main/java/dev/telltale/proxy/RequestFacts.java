package dev.telltale.proxy;

/**
 * What the client asked, captured before the request head is rewritten for the upstream.
 *
 * @param uri    the request target as the client sent it
 * @param accept the client's {@code Accept}, which chooses the format of a diagnostic page
 */
record RequestFacts(long startNanos, long startEpochMillis, String requestId, String clientIp, String method,
                    String uri, String protocol, String host, String userAgent, String referer, String accept,
                    boolean http11) {
}
