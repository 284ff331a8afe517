package dev.telltale.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One upstream as the admin plane shows it. */
public record UpstreamStatus(String name, List<Server> servers) {
    public UpstreamStatus {
        servers = List.copyOf(servers);
    }

    /**
     * One server of an upstream.
     *
     * @param url              the server's URL as configured
     * @param up               false while passive or active health marks it down
     * @param lastFailureCause wire name of the last failure's cause, or {@code null}
     * @param lastFailureAt    when it happened, or {@code null}
     * @param recentFailures   failures by cause wire name over a recent window (the caller's choice,
     *                         stated in its docs), empty when none
     */
    public record Server(String url, boolean up, String lastFailureCause, Instant lastFailureAt,
                         Map<String, Long> recentFailures) {
        public Server {
            recentFailures = Map.copyOf(recentFailures);
        }

        /** {@code up} or {@code down}, as the API writes it. */
        public String state() {
            return up ? "up" : "down";
        }
    }
}
