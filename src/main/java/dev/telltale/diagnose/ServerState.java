package dev.telltale.diagnose;

import java.util.Map;

/**
 * One server's health as a failure page shows it: "down since 12 s (refused), retried in 18 s;
 * 3 refused in the last 60 s; last success 4 min ago". Durations in milliseconds, {@code null}
 * where unknown or never.
 *
 * @param downCause      why it is down; {@code null} when up, or when health checks took it down
 *                       for an unexpected status
 * @param retryInMs      when it gets requests again; {@code null} when up, or when it waits for
 *                       health checks to pass
 * @param recentFailures failures by cause in the last minute
 */
public record ServerState(String server, boolean up, Cause downCause, Long downForMs, Long retryInMs,
                          Long lastSuccessAgoMs, Map<Cause, Integer> recentFailures) {
    public ServerState {
        recentFailures = Map.copyOf(recentFailures);
    }

    /** {@code 3 refused, 1 timeout in the last 60 s; last success 4 min ago}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (!up) {
            // Health checks take a server down without a connection failure (a bad status) and
            // bring it back when they pass, not at a known time.
            sb.append("down (").append(downCause == null ? "health check" : downCause.wireName()).append(") since ")
                    .append(ago(downForMs)).append(retryInMs == null ? ", back when health checks pass"
                            : ", retried in " + ago(retryInMs)).append("; ");
        }
        if (recentFailures.isEmpty()) {
            sb.append("no failures in the last 60 s");
        } else {
            String sep = "";
            for (Cause c : Cause.values()) {
                Integer n = recentFailures.get(c);
                if (n != null) {
                    sb.append(sep).append(n).append(' ').append(c.wireName());
                    sep = ", ";
                }
            }
            sb.append(" in the last 60 s");
        }
        sb.append("; last success ").append(lastSuccessAgoMs == null ? "never seen" : ago(lastSuccessAgoMs) + " ago");
        return sb.toString();
    }

    static String ago(Long ms) {
        if (ms == null) {
            return "?";
        }
        long s = ms / 1000;
        if (s < 1) {
            return ms + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }
}
