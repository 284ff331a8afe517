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
     * @param passive          what passive health alone says
     * @param active           what active checks say, or {@code null} when the upstream has no {@code health_check}
     * @param lastSuccessAt    when a request to it last got a response head, or {@code null}
     * @param lastFailureCause wire name of the last failure's cause, or {@code null}
     * @param lastFailureAt    when it happened, or {@code null}
     * @param recentFailures   failures by cause wire name over a recent window (the caller's choice,
     *                         stated in its docs), empty when none
     * @param summary          the failure history in one line, as the diagnostic page's server list
     *                         writes it, or {@code null}
     */
    public record Server(String url, boolean up, Passive passive, Active active, Instant lastSuccessAt,
                         String lastFailureCause, Instant lastFailureAt, Map<String, Long> recentFailures,
                         String summary) {
        public Server {
            recentFailures = Map.copyOf(recentFailures);
        }

        /** A server known by its overall state and failures only: passive health says {@code up}, no checks. */
        public Server(String url, boolean up, String lastFailureCause, Instant lastFailureAt,
                      Map<String, Long> recentFailures) {
            this(url, up, up ? Passive.UP : new Passive(false, lastFailureCause, null, null), null, null,
                    lastFailureCause, lastFailureAt, recentFailures, null);
        }

        /** {@code up} or {@code down}, as the API writes it. */
        public String state() {
            return up ? "up" : "down";
        }
    }

    /**
     * Passive health: marked down by failed requests for {@code fail_timeout}.
     *
     * @param downCause wire name of the cause that marked it down, {@code null} when up
     * @param downSince when it was marked down, {@code null} when up or unknown
     * @param retryAt   when it gets requests again, {@code null} when up or unknown
     */
    public record Passive(boolean up, String downCause, Instant downSince, Instant retryAt) {
        public static final Passive UP = new Passive(true, null, null, null);
    }

    /**
     * Active health checks.
     *
     * @param up        what the checks say
     * @param changedAt when {@code up} last changed, {@code null} when it never did since start or reload
     * @param lastCheck the latest check, {@code null} before the first one ended
     */
    public record Active(boolean up, Instant changedAt, Check lastCheck) {
    }

    /**
     * One active check.
     *
     * @param cause  wire name of the connection failure, {@code null} when it passed or the status was unexpected
     * @param reason what it found: {@code status 200 from 127.0.0.1:3000 for GET /healthz}, or the failure
     */
    public record Check(Instant at, boolean ok, String cause, String reason) {
    }
}
