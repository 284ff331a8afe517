package dev.telltale.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The only thing the proxy calls to count and time what it does; handlers never touch the
 * metrics library. Thread-safe; every recording method is cheap enough for an event loop: the
 * per-upstream and per-server metric objects are created once and cached, so a call allocates
 * at most a small lookup key that escape analysis usually removes.
 *
 * <p>Times are passed in nanoseconds. Names and labels are declared in {@link MetricNames}.
 * Latency summaries keep one minute of samples ({@link #WINDOW_SECONDS}).
 */
public final class ProxyMetrics {
    /** Latency percentiles cover this many seconds of recent samples. */
    public static final int WINDOW_SECONDS = 60;

    private record ServerKey(String upstream, String server) {
    }

    /** Everything recorded per (upstream, server); failures by cause wire name. */
    private final class ServerMetrics {
        final String upstream;
        final String server;
        final Counter requests;
        final Timer connect;
        final Timer ttfb;
        final ConcurrentHashMap<String, Counter> failures = new ConcurrentHashMap<>();
        final Function<String, Counter> newFailure;

        ServerMetrics(ServerKey key) {
            this.upstream = key.upstream();
            this.server = key.server();
            this.requests = counter(MetricNames.UPSTREAM_RQ, upstream, server);
            this.connect = timer(MetricNames.UPSTREAM_CX_CONNECT, upstream, server);
            this.ttfb = timer(MetricNames.UPSTREAM_RQ_TTFB, upstream, server);
            this.newFailure = cause -> counter(MetricNames.UPSTREAM_RQ_FAILURE, upstream, server, cause);
        }
    }

    private final class UpstreamMetrics {
        final Counter retries;
        final Timer requestTime;
        final Timer queueWait;

        UpstreamMetrics(String upstream) {
            this.retries = counter(MetricNames.UPSTREAM_RQ_RETRY, upstream);
            this.requestTime = timer(MetricNames.UPSTREAM_RQ_TIME, upstream);
            this.queueWait = timer(MetricNames.UPSTREAM_RQ_QUEUE_WAIT, upstream);
        }
    }

    private final MetricRegistry registry = new MetricRegistry();
    /** Dropwizard name → what it stands for; the export reads families and labels from here. */
    private final ConcurrentHashMap<String, MetricId> ids = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ServerKey, ServerMetrics> servers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UpstreamMetrics> upstreams = new ConcurrentHashMap<>();
    // Hoisted so that computeIfAbsent does not allocate a capturing lambda per call.
    private final Function<ServerKey, ServerMetrics> newServer = ServerMetrics::new;
    private final Function<String, UpstreamMetrics> newUpstream = UpstreamMetrics::new;

    private final Counter downstreamConnections;
    private final Counter downstreamActive;
    private final Counter requestsActive;
    private final Timer requestTime;
    /** Index 0 = unknown status, 1..5 = 1xx..5xx. */
    private final Counter[] requestsByClass = new Counter[6];

    public ProxyMetrics() {
        downstreamConnections = counter(MetricNames.DOWNSTREAM_CX);
        downstreamActive = counter(MetricNames.DOWNSTREAM_CX_ACTIVE);
        requestsActive = counter(MetricNames.DOWNSTREAM_RQ_ACTIVE);
        requestTime = timer(MetricNames.DOWNSTREAM_RQ_TIME);
        for (int i = 1; i <= 5; i++) {
            requestsByClass[i] = counter(MetricNames.DOWNSTREAM_RQ, i + "xx");
        }
        requestsByClass[0] = counter(MetricNames.DOWNSTREAM_RQ, "other");
    }

    // ---- downstream ----

    public void downstreamConnectionOpened() {
        downstreamConnections.inc();
        downstreamActive.inc();
    }

    public void downstreamConnectionClosed() {
        downstreamActive.dec();
    }

    /** A request head arrived; pair with {@link #requestCompleted}. */
    public void requestStarted() {
        requestsActive.inc();
    }

    /**
     * A request ended (answered, failed or abandoned).
     *
     * @param status         the status sent to the client (499 when it went away first)
     * @param durationNanos  from the request's arrival to its end
     * @param upstream       the upstream it was routed to, or {@code null} when none
     */
    public void requestCompleted(int status, long durationNanos, String upstream) {
        requestsActive.dec();
        int cls = status / 100;
        requestsByClass[cls >= 1 && cls <= 5 ? cls : 0].inc();
        requestTime.update(durationNanos, TimeUnit.NANOSECONDS);
        if (upstream != null) {
            upstream(upstream).requestTime.update(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    // ---- upstream ----

    /** One attempt against one server began (retries count again). */
    public void upstreamAttempt(String upstream, String server) {
        server(upstream, server).requests.inc();
    }

    /** A new upstream connection was established after {@code connectNanos}. */
    public void upstreamConnected(String upstream, String server, long connectNanos) {
        server(upstream, server).connect.update(connectNanos, TimeUnit.NANOSECONDS);
    }

    /** The first byte of the response head arrived {@code ttfbNanos} after the request was sent. */
    public void upstreamFirstByte(String upstream, String server, long ttfbNanos) {
        server(upstream, server).ttfb.update(ttfbNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One attempt failed.
     *
     * @param cause the cause's wire name ({@code refused}, {@code timeout}, …)
     */
    public void upstreamFailure(String upstream, String server, String cause) {
        ServerMetrics s = server(upstream, server);
        Counter c = s.failures.get(cause);
        if (c == null) {
            c = s.failures.computeIfAbsent(cause, s.newFailure);
        }
        c.inc();
    }

    /** The request moves on to another attempt of the same upstream. */
    public void retry(String upstream) {
        upstream(upstream).retries.inc();
    }

    /** A request waited {@code waitNanos} for a connection to the upstream (pool exhausted). */
    public void upstreamQueueWait(String upstream, long waitNanos) {
        upstream(upstream).queueWait.update(waitNanos, TimeUnit.NANOSECONDS);
    }

    // ---- gauges ----

    /**
     * Registers (or replaces) a gauge read when metrics are exported.
     *
     * @param name   a {@link MetricNames.Type#GAUGE} family name from {@link MetricNames}
     * @param labels exactly that family's labels
     */
    public void gauge(String name, Map<String, String> labels, LongSupplier value) {
        MetricNames.Family f = MetricNames.family(name);
        if (f.type() != MetricNames.Type.GAUGE) {
            throw new IllegalArgumentException(name + ": " + f.type() + " (expected: a gauge)");
        }
        if (!labels.keySet().equals(new java.util.HashSet<>(f.labels()))) {
            throw new IllegalArgumentException(name + ": labels " + labels.keySet()
                    + " (expected: " + f.labels() + ")");
        }
        List<String> values = new ArrayList<>();
        for (String l : f.labels()) {
            values.add(Objects.requireNonNull(labels.get(l), l));
        }
        MetricId id = new MetricId(f, values);
        String dw = id.dropwizardName();
        registry.remove(dw);
        Gauge<Long> g = value::getAsLong;
        registry.register(dw, g);
        ids.put(dw, id);
    }

    /** Registers health and pool-size gauges of one server (see {@link MetricNames}). */
    public void serverGauges(String upstream, String server, BooleanSupplier up, LongSupplier idle,
                             LongSupplier active) {
        Map<String, String> labels = Map.of(MetricNames.UPSTREAM, upstream, MetricNames.SERVER, server);
        gauge(MetricNames.UPSTREAM_CX_HEALTHY.name(), labels, () -> up.getAsBoolean() ? 1 : 0);
        gauge(MetricNames.UPSTREAM_CX_POOL_IDLE.name(), labels, idle);
        gauge(MetricNames.UPSTREAM_CX_POOL_ACTIVE.name(), labels, active);
    }

    /** Forgets every metric labelled with that upstream (after a reload removed it). */
    public void removeUpstream(String upstream) {
        upstreams.remove(upstream);
        servers.keySet().removeIf(k -> k.upstream().equals(upstream));
        ids.entrySet().removeIf(e -> {
            if (upstream.equals(e.getValue().label(MetricNames.UPSTREAM))) {
                registry.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    // ---- reading (admin plane, tests) ----

    /**
     * The current value of a counter or gauge, 0 when nothing was recorded under those labels.
     *
     * @param labelValues in the order of the family's {@link MetricNames.Family#labels()}
     */
    public long value(MetricNames.Family family, String... labelValues) {
        Metric m = registry.getMetrics().get(new MetricId(family, List.of(labelValues)).dropwizardName());
        if (m instanceof Counter c) {
            return c.getCount();
        }
        if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    /** Percentiles of a summary family, {@link Latency#NONE} when nothing was recorded. */
    public Latency latency(MetricNames.Family family, String... labelValues) {
        Metric m = registry.getMetrics().get(new MetricId(family, List.of(labelValues)).dropwizardName());
        return m instanceof Timer t ? latency(t) : Latency.NONE;
    }

    /** Failed attempts by cause wire name over every upstream and server, sorted by cause. */
    public Map<String, Long> failuresByCause() {
        Map<String, Long> out = new TreeMap<>();
        for (ServerMetrics s : servers.values()) {
            s.failures.forEach((cause, c) -> out.merge(cause, c.getCount(), Long::sum));
        }
        return out;
    }

    /** Failed attempts of one upstream by cause wire name, sorted by cause. */
    public Map<String, Long> failuresByCause(String upstream) {
        Map<String, Long> out = new TreeMap<>();
        servers.forEach((k, s) -> {
            if (k.upstream().equals(upstream)) {
                s.failures.forEach((cause, c) -> out.merge(cause, c.getCount(), Long::sum));
            }
        });
        return out;
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void writePrometheus(OutputStream out) throws IOException {
        PrometheusExport.write(registry, ids, out);
    }

    /** The content type of {@link #writePrometheus}. */
    public static String prometheusContentType() {
        return PrometheusExport.CONTENT_TYPE;
    }

    static Latency latency(Timer t) {
        Snapshot s = t.getSnapshot();
        return new Latency(t.getCount(), ms(s.getMedian()), ms(s.getValue(0.9)), ms(s.get99thPercentile()),
                ms(s.getMax()));
    }

    private static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    private ServerMetrics server(String upstream, String server) {
        ServerKey key = new ServerKey(upstream, server);
        ServerMetrics s = servers.get(key);
        return s != null ? s : servers.computeIfAbsent(key, newServer);
    }

    private UpstreamMetrics upstream(String upstream) {
        UpstreamMetrics u = upstreams.get(upstream);
        return u != null ? u : upstreams.computeIfAbsent(upstream, newUpstream);
    }

    private Counter counter(MetricNames.Family family, String... labelValues) {
        MetricId id = new MetricId(family, List.of(labelValues));
        String name = id.dropwizardName();
        ids.put(name, id);
        return registry.counter(name);
    }

    private Timer timer(MetricNames.Family family, String... labelValues) {
        MetricId id = new MetricId(family, List.of(labelValues));
        String name = id.dropwizardName();
        ids.put(name, id);
        return registry.timer(name,
                () -> new Timer(new SlidingTimeWindowArrayReservoir(WINDOW_SECONDS, TimeUnit.SECONDS)));
    }
}
