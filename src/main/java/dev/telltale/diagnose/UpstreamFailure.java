package dev.telltale.diagnose;

/**
 * One classified upstream failure: the value that travels from the place a failure happened
 * to the page, the logs, the metrics and the retry decision. Made only by {@link FailureClassifier}.
 *
 * @param errno     symbolic errno when the OS gave one ({@code ECONNREFUSED}), else {@code null}
 * @param message   nginx-style sentence naming the operation and the address, for operators
 * @param timeoutMs the timeout that fired, or {@code null}
 * @param timeoutKey the config key of that timeout ({@code timeouts.read}), or {@code null}
 * @param received  escaped, truncated prefix of what a malformed upstream sent, or {@code null}
 * @param sniffed   what the first bytes looked like when not HTTP ({@code tls}, {@code ssh},
 *                  {@code smtp}, {@code http2}), or {@code null}
 */
public record UpstreamFailure(Cause cause, ProxyStatus proxyStatus, Phase phase, String errno, String message,
                              Long timeoutMs, String timeoutKey, String received, String sniffed) {
    public UpstreamFailure {
        if (cause == null || proxyStatus == null || phase == null || message == null) {
            throw new IllegalArgumentException("cause, proxyStatus, phase and message are required");
        }
    }

    /** True when the failure happened before any byte of the request was written. */
    public boolean nothingSent() {
        return phase == Phase.RESOLVE || phase == Phase.CONNECT;
    }
}
