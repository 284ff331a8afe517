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

    public record HealthCheck(String path, Duration interval, Duration timeout) {
        public HealthCheck {
            Checks.required("path", path);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path: " + path + " (expected: a path starting with /)");
            }
            Checks.positive("interval", interval);
            Checks.positive("timeout", timeout);
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
