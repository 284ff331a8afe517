package dev.telltale.config;

import java.time.Duration;

/**
 * Upstream timeouts with nginx semantics. {@code connect} bounds establishing the connection;
 * {@code send} bounds the gap between two successive writes of the request; {@code read} bounds
 * the gap between two successive reads of the response, the first included. In a route's
 * override a {@code null} field means "inherit from the upstream".
 */
public record Timeouts(Duration connect, Duration send, Duration read) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(60));
    public static final Timeouts NONE = new Timeouts(null, null, null);

    public Timeouts {
        if (connect != null) {
            Checks.positive("connect", connect);
        }
        if (send != null) {
            Checks.positive("send", send);
        }
        if (read != null) {
            Checks.positive("read", read);
        }
    }

    /** These timeouts with every non-null field of {@code override} taking precedence. */
    public Timeouts with(Timeouts override) {
        if (override.connect == null && override.send == null && override.read == null) {
            return this; // the usual route: nothing overridden, nothing to build per request
        }
        return new Timeouts(override.connect != null ? override.connect : connect,
                override.send != null ? override.send : send,
                override.read != null ? override.read : read);
    }
}
