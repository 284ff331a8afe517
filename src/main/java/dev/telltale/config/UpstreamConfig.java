package dev.telltale.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code upstreams}.
 *
 * @param healthCheck active health check, or {@code null} when not configured
 */
public record UpstreamConfig(String name, List<UpstreamServer> servers, Balance balance, Timeouts timeouts,
                             Keepalive keepalive, PassiveHealth passiveHealth, HealthCheck healthCheck,
                             Retry retry, Queue queue) {

    /** An upstream without a wait queue. */
    public UpstreamConfig(String name, List<UpstreamServer> servers, Balance balance, Timeouts timeouts,
                          Keepalive keepalive, PassiveHealth passiveHealth, HealthCheck healthCheck, Retry retry) {
        this(name, servers, balance, timeouts, keepalive, passiveHealth, healthCheck, retry, Queue.DEFAULT);
    }

    /**
     * When every live server is at its {@code max_conns}, up to {@code size} requests wait up to
     * {@code timeout} for a slot; beyond that, or after waiting, the request fails with cause
     * {@code overloaded} ({@code connection_limit_reached}, 503). {@code size: 0} = no waiting.
     */
    public record Queue(int size, Duration timeout) {
        public static final Queue DEFAULT = new Queue(0, Duration.ofSeconds(60));

        public Queue {
            Checks.range("size", size, 0, 1_000_000);
            Checks.positive("timeout", timeout);
        }
    }

    public enum Balance {
        ROUND_ROBIN, LEAST_CONN, RANDOM_TWO;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Idle pooled connections per server and event loop, and how long one may stay idle. */
    public record Keepalive(int maxIdle, Duration idleTimeout) {
        public static final Keepalive DEFAULT = new Keepalive(32, Duration.ofSeconds(60));

        public Keepalive {
            Checks.range("max_idle", maxIdle, 0, 100_000);
            Checks.positive("idle_timeout", idleTimeout);
        }
    }

    /** nginx {@code max_fails}/{@code fail_timeout}: that many failures within the window mark a server down. */
    public record PassiveHealth(int maxFails, Duration failTimeout) {
        public static final PassiveHealth DEFAULT = new PassiveHealth(1, Duration.ofSeconds(10));

        public PassiveHealth {
            Checks.range("max_fails", maxFails, 0, 1_000_000);
            Checks.positive("fail_timeout", failTimeout);
        }
    }

    /**
     * Active health check: every {@code interval}, {@code GET path} on each server, answered
     * within {@code timeout}; {@code unhealthyAfter} failures in a row (a status outside
     * {@code expectStatus}, refused, timed out, ...) take the server out of balancing and
     * {@code healthyAfter} successes in a row bring it back.
     *
     * @param path           request path, starting with {@code /}
     * @param interval       time between the start of one check and the next, per server (default 5s)
     * @param timeout        bound on connecting and reading the whole response head (default 2s)
     * @param expectStatus   statuses that count as healthy (default {@link StatusRange#DEFAULT}, 200-399)
     * @param healthyAfter   consecutive successes that mark an actively-down server up, 1..1000 (default 2)
     * @param unhealthyAfter consecutive failures that mark a server down, 1..1000 (default 3)
     */
    public record HealthCheck(String path, Duration interval, Duration timeout, StatusRange expectStatus,
                              int healthyAfter, int unhealthyAfter) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
        public static final int DEFAULT_HEALTHY_AFTER = 2;
        public static final int DEFAULT_UNHEALTHY_AFTER = 3;

        public HealthCheck {
            Checks.required("path", path);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path: " + path + " (expected: a path starting with /)");
            }
            Checks.positive("interval", interval);
            Checks.positive("timeout", timeout);
            Checks.required("expect_status", expectStatus);
            Checks.range("healthy_after", healthyAfter, 1, 1000);
            Checks.range("unhealthy_after", unhealthyAfter, 1, 1000);
        }

        /** A check with the default {@code expect_status}, {@code healthy_after} and {@code unhealthy_after}. */
        public HealthCheck(String path, Duration interval, Duration timeout) {
            this(path, interval, timeout, StatusRange.DEFAULT, DEFAULT_HEALTHY_AFTER, DEFAULT_UNHEALTHY_AFTER);
        }
    }

    /**
     * An inclusive range of HTTP status codes, written {@code 200-399}, or one code, {@code 200}.
     *
     * @param low  lowest accepted status, 100..599
     * @param high highest accepted status, {@code low}..599
     */
    public record StatusRange(int low, int high) {
        public static final StatusRange DEFAULT = new StatusRange(200, 399);
        private static final String EXPECTED = "a status code such as 204, or a range such as 200-399, within 100..599";
        private static final java.util.regex.Pattern SYNTAX =
                java.util.regex.Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");

        public StatusRange {
            if (low < 100 || high > 599 || low > high) {
                throw new IllegalArgumentException("expect_status: " + (low == high ? low : low + "-" + high)
                        + " (expected: " + EXPECTED + ")");
            }
        }

        /** Parses {@code 200-399} or {@code 204}; spaces around the dash are allowed. */
        public static StatusRange parse(String text) {
            String t = text.trim();
            java.util.regex.Matcher m = SYNTAX.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException(text + " (expected: " + EXPECTED + ")");
            }
            int low = Integer.parseInt(m.group(1));
            int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
            if (low < 100 || high > 599 || low > high) {
                throw new IllegalArgumentException(text + " (expected: " + EXPECTED + ")");
            }
            return new StatusRange(low, high);
        }

        public boolean contains(int status) {
            return status >= low && status <= high;
        }

        /** As written in the config: {@code 200-399}, or {@code 204} for a single code. */
        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }

    /** At most {@code tries} attempts per request, all within {@code budget}. */
    public record Retry(int tries, Duration budget) {
        public static final Retry DEFAULT = new Retry(2, Duration.ofSeconds(10));

        public Retry {
            Checks.range("tries", tries, 1, 100);
            Checks.positive("budget", budget);
        }
    }

    public UpstreamConfig {
        Checks.required("name", name);
        servers = List.copyOf(Checks.required("servers", servers));
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one server URL)");
        }
        Checks.required("balance", balance);
        Checks.required("timeouts", timeouts);
        if (timeouts.connect() == null || timeouts.send() == null || timeouts.read() == null) {
            timeouts = Timeouts.DEFAULT.with(timeouts);
        }
        Checks.required("keepalive", keepalive);
        Checks.required("passive_health", passiveHealth);
        Checks.required("retry", retry);
        Checks.required("queue", queue);
    }

    /** An upstream with every default, as made from a route's URL shorthand. */
    public static UpstreamConfig ofUrl(String name, String url) {
        return new UpstreamConfig(name, List.of(UpstreamServer.parse(url, 1, false)), Balance.ROUND_ROBIN,
                Timeouts.DEFAULT, Keepalive.DEFAULT, PassiveHealth.DEFAULT, null, Retry.DEFAULT);
    }
}
