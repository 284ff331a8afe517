package dev.telltale.upstream;

import java.util.List;

/**
 * Operational events of the upstream layer that are not tied to a request. Called on an event
 * loop: implementations must not block (queue a log line, bump a metric). The boot layer turns
 * them into {@code health_change} and {@code dns_error} error-log events.
 */
public interface UpstreamEvents {
    UpstreamEvents NONE = new UpstreamEvents() {
    };

    /**
     * Active health checks moved a server up or down.
     *
     * @param server the server, as configured ({@link Server#upstream()}, {@link Server#url()})
     * @param change old and new state, and why
     */
    default void healthChanged(Server server, ServerHealth.Change change) {
    }

    /**
     * Re-resolving a server's host name failed; connections keep going to {@code kept}. Reported
     * once per run of failures, not on every retry.
     *
     * @param reason e.g. {@code app.internal:3000 could not be resolved (host not found)}
     * @param kept   the last good addresses, {@code ip:port}
     */
    default void dnsFailed(Server server, String reason, List<String> kept) {
    }
}
