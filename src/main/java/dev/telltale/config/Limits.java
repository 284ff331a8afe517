package dev.telltale.config;

import java.time.Duration;

/**
 * Downstream (client-side) limits.
 *
 * @param maxHeaderBytes      request line plus headers; over answers 431
 * @param maxBodyBytes        request body; over answers 413; 0 means unlimited
 * @param clientHeaderTimeout time to receive a whole request head; over answers 408 and closes
 * @param clientIdleTimeout   an idle keep-alive client connection is closed after this
 * @param maxConnections      open client connections; further connections are closed at accept
 */
public record Limits(long maxHeaderBytes, long maxBodyBytes, Duration clientHeaderTimeout,
                     Duration clientIdleTimeout, int maxConnections) {
    public static final Limits DEFAULT = new Limits(16 * 1024, 10L * 1024 * 1024,
            Duration.ofSeconds(10), Duration.ofSeconds(75), 10_000);

    public Limits {
        Checks.range("max_header_bytes", maxHeaderBytes, 1024, 1024 * 1024);
        Checks.range("max_body_bytes", maxBodyBytes, 0, Long.MAX_VALUE);
        Checks.positive("client_header_timeout", clientHeaderTimeout);
        Checks.positive("client_idle_timeout", clientIdleTimeout);
        Checks.range("max_connections", maxConnections, 1, 1_000_000);
    }
}
