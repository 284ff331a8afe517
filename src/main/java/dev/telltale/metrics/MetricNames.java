package dev.telltale.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every metric Telltale exports, declared once. Names follow Envoy's scheme: the side
 * ({@code downstream} = client ↔ proxy, {@code upstream} = proxy ↔ server), then {@code cx}
 * (connections) or {@code rq} (requests), then what is measured. Latencies are summaries in
 * seconds over about the last minute ({@link ProxyMetrics#WINDOW_SECONDS}); counters are exported with a
 * {@code _total} suffix.
 */
public final class MetricNames {
    /** What a family holds; decides the Prometheus type. */
    public enum Type { COUNTER, GAUGE, SUMMARY }

    /**
     * One metric family.
     *
     * @param name   the family name without the {@code _total} suffix counters get on export
     * @param labels label names, in the order the facade passes their values
     */
    public record Family(String name, Type type, String help, List<String> labels) {
        public Family {
            labels = List.copyOf(labels);
        }
    }

    public static final String UPSTREAM = "upstream";
    public static final String SERVER = "server";
    public static final String CAUSE = "cause";
    public static final String STATUS_CLASS = "status_class";

    public static final Family DOWNSTREAM_CX = new Family("downstream_cx", Type.COUNTER,
            "Downstream (client) connections accepted.", List.of());
    public static final Family DOWNSTREAM_CX_ACTIVE = new Family("downstream_cx_active", Type.GAUGE,
            "Downstream connections currently open.", List.of());
    public static final Family DOWNSTREAM_RQ = new Family("downstream_rq", Type.COUNTER,
            "Downstream requests answered, by status class (1xx..5xx).", List.of(STATUS_CLASS));
    public static final Family DOWNSTREAM_RQ_ACTIVE = new Family("downstream_rq_active", Type.GAUGE,
            "Downstream requests in flight.", List.of());
    public static final Family DOWNSTREAM_RQ_TIME = new Family("downstream_rq_time_seconds", Type.SUMMARY,
            "Downstream request duration, arrival to last byte sent.", List.of());

    public static final Family UPSTREAM_RQ = new Family("upstream_rq", Type.COUNTER,
            "Attempts sent to an upstream server (retries included).", List.of(UPSTREAM, SERVER));
    public static final Family UPSTREAM_RQ_FAILURE = new Family("upstream_rq_failure", Type.COUNTER,
            "Failed upstream attempts, by cause.", List.of(UPSTREAM, SERVER, CAUSE));
    public static final Family UPSTREAM_RQ_RETRY = new Family("upstream_rq_retry", Type.COUNTER,
            "Attempts that were a retry on another server.", List.of(UPSTREAM));
    public static final Family UPSTREAM_RQ_TIME = new Family("upstream_rq_time_seconds", Type.SUMMARY,
            "Downstream request duration of requests routed to an upstream.", List.of(UPSTREAM));
    public static final Family UPSTREAM_RQ_TTFB = new Family("upstream_rq_ttfb_seconds", Type.SUMMARY,
            "Time from sending the request to the first byte of the response head.", List.of(UPSTREAM, SERVER));
    public static final Family UPSTREAM_RQ_QUEUE_WAIT = new Family("upstream_rq_queue_wait_seconds",
            Type.SUMMARY, "Time a request waited for an upstream connection.", List.of(UPSTREAM));
    public static final Family UPSTREAM_CX_CONNECT = new Family("upstream_cx_connect_seconds", Type.SUMMARY,
            "Time to establish a new upstream connection.", List.of(UPSTREAM, SERVER));
    public static final Family UPSTREAM_CX_HEALTHY = new Family("upstream_cx_healthy", Type.GAUGE,
            "1 when the server is considered up, 0 when marked down.", List.of(UPSTREAM, SERVER));
    public static final Family UPSTREAM_CX_POOL_IDLE = new Family("upstream_cx_pool_idle", Type.GAUGE,
            "Idle keep-alive connections pooled for the server.", List.of(UPSTREAM, SERVER));
    public static final Family UPSTREAM_CX_POOL_ACTIVE = new Family("upstream_cx_pool_active", Type.GAUGE,
            "Upstream connections carrying a request.", List.of(UPSTREAM, SERVER));

    public static final List<Family> ALL = List.of(DOWNSTREAM_CX, DOWNSTREAM_CX_ACTIVE, DOWNSTREAM_RQ,
            DOWNSTREAM_RQ_ACTIVE, DOWNSTREAM_RQ_TIME, UPSTREAM_RQ, UPSTREAM_RQ_FAILURE, UPSTREAM_RQ_RETRY,
            UPSTREAM_RQ_TIME, UPSTREAM_RQ_TTFB, UPSTREAM_RQ_QUEUE_WAIT, UPSTREAM_CX_CONNECT, UPSTREAM_CX_HEALTHY,
            UPSTREAM_CX_POOL_IDLE, UPSTREAM_CX_POOL_ACTIVE);

    private static final Map<String, Family> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Family::name, Function.identity()));

    private MetricNames() {
    }

    /** The family of that name; throws for a name not declared here. */
    public static Family family(String name) {
        Family f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("metric: " + name + " (expected: a name declared in MetricNames)");
        }
        return f;
    }
}
