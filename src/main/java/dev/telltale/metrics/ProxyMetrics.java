package dev.telltale.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The only thing the proxy calls to count and time what it does; handlers never touch the
 * metrics library. Thread-safe. On the request path nothing is looked up: the upstream groups
 * of a config hold their {@link UpstreamRecorder} and each server its {@link ServerRecorder},
 * resolved once when the config is built ({@link #upstream}, {@link UpstreamRecorder#server});
 * the methods taking names instead are for tests and tools and look the recorders up.
 *
 * <p>Times are passed in nanoseconds. Names and labels are declared in {@link MetricNames}.
 * Latency summaries cover about one minute ({@link #WINDOW_SECONDS}; see {@link LatencyWindow}
 * for the intervals and the precision). Counters and gauges are Dropwizard's; latencies are
 * HdrHistogram recorders, which record in O(1) without allocating.
 */
public final class ProxyMetrics {
    /** Latency percentiles cover this many seconds of recent samples (the last 50 to 60 s). */
    public static final int WINDOW_SECONDS = 60;

    private final LongSupplier clock;
    private final MetricRegistry registry = new MetricRegistry();
    /** Dropwizard name → what it stands for; the export reads families and labels from here. */
    private final ConcurrentHashMap<String, MetricId> ids = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UpstreamRecorder> upstreams = new ConcurrentHashMap<>();
    // Hoisted so that computeIfAbsent does not allocate a capturing lambda per call.
    private final Function<String, UpstreamRecorder> newUpstream = name -> new UpstreamRecorder(this, name);

    private final Counter downstreamConnections;
    private final Counter downstreamActive;
    private final Counter requestsActive;
    private final LatencyWindow requestTime;
    /** Index 0 = unknown status, 1..5 = 1xx..5xx. */
    private final Counter[] requestsByClass = new Counter[6];

    public ProxyMetrics() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()}; what latency windows age by */
    ProxyMetrics(LongSupplier clock) {
        this.clock = clock;
        downstreamConnections = counter(true, MetricNames.DOWNSTREAM_CX);
        downstreamActive = counter(true, MetricNames.DOWNSTREAM_CX_ACTIVE);
        requestsActive = counter(true, MetricNames.DOWNSTREAM_RQ_ACTIVE);
        requestTime = window(true, MetricNames.DOWNSTREAM_RQ_TIME);
        for (int i = 1; i <= 5; i++) {
            requestsByClass[i] = counter(true, MetricNames.DOWNSTREAM_RQ, i + "xx");
        }
        requestsByClass[0] = counter(true, MetricNames.DOWNSTREAM_RQ, "other");
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
    public void requestCompleted(int status, long durationNanos, UpstreamRecorder upstream) {
        requestsActive.dec();
        int cls = status / 100;
        requestsByClass[cls >= 1 && cls <= 5 ? cls : 0].inc();
        long now = requestTime.now();
        requestTime.record(durationNanos, now);
        if (upstream != null) {
            upstream.requestTime.record(durationNanos, now);
        }
    }

    /** A request no upstream served ended (a local reply); see {@link #requestCompleted(int, long, UpstreamRecorder)}. */
    public void requestCompleted(int status, long durationNanos) {
        requestCompleted(status, durationNanos, (UpstreamRecorder) null);
    }

    /**
     * The recorder of upstream {@code name}: the same one for the same name until
     * {@link #removeUpstream} retires it, so a reload that keeps the upstream keeps counting into
     * the same series. Resolve it once per config, not per request.
     */
    public UpstreamRecorder upstream(String name) {
        UpstreamRecorder u = upstreams.get(name);
        if (u != null) {
            return u;
        }
        synchronized (this) { // against removeUpstream: a retired recorder never comes back
            return upstreams.computeIfAbsent(name, newUpstream);
        }
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

    /**
     * Forgets every metric labelled with that upstream (after a reload removed it). Its recorders
     * are retired: requests of the old config still recording into them count nowhere.
     */
    public synchronized void removeUpstream(String upstream) {
        UpstreamRecorder u = upstreams.remove(upstream);
        if (u != null) {
            u.retire();
        }
        forget(id -> upstream.equals(id.label(MetricNames.UPSTREAM)));
    }

    /**
     * Forgets every metric labelled with that server of that upstream (after a reload removed the
     * server but kept the upstream); its recorder is retired as in {@link #removeUpstream}.
     */
    public synchronized void removeServer(String upstream, String server) {
        UpstreamRecorder u = upstreams.get(upstream);
        ServerRecorder s = u == null ? null : u.servers.remove(server);
        if (s != null) {
            s.retire();
        }
        forget(id -> upstream.equals(id.label(MetricNames.UPSTREAM)) && server.equals(id.label(MetricNames.SERVER)));
    }

    private void forget(Predicate<MetricId> which) {
        ids.entrySet().removeIf(e -> {
            if (which.test(e.getValue())) {
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
        return m instanceof LatencyWindow w ? w.summary().latency() : Latency.NONE;
    }

    /** Failed attempts by cause wire name over every upstream and server, sorted by cause. */
    public Map<String, Long> failuresByCause() {
        Map<String, Long> out = new TreeMap<>();
        for (UpstreamRecorder u : upstreams.values()) {
            addFailures(u, out);
        }
        return out;
    }

    /** Failed attempts of one upstream by cause wire name, sorted by cause. */
    public Map<String, Long> failuresByCause(String upstream) {
        Map<String, Long> out = new TreeMap<>();
        UpstreamRecorder u = upstreams.get(upstream);
        if (u != null) {
            addFailures(u, out);
        }
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

    private static void addFailures(UpstreamRecorder u, Map<String, Long> out) {
        for (ServerRecorder s : u.servers.values()) {
            s.failures.forEach((cause, c) -> out.merge(cause, c.getCount(), Long::sum));
        }
    }

    synchronized ServerRecorder newServer(UpstreamRecorder upstream, String server) {
        return new ServerRecorder(upstream, server, !upstream.retired());
    }

    synchronized Counter failureCounter(ServerRecorder s, String cause) {
        return counter(!s.retired(), MetricNames.UPSTREAM_RQ_FAILURE, s.upstream.name, s.server, cause);
    }

    /** A registered counter, or when {@code live} is false one that is exported nowhere. */
    Counter counter(boolean live, MetricNames.Family family, String... labelValues) {
        if (!live) {
            return new Counter();
        }
        MetricId id = new MetricId(family, List.of(labelValues));
        String name = id.dropwizardName();
        ids.put(name, id);
        return registry.counter(name);
    }

    /** A registered latency window, or when {@code live} is false one that is exported nowhere. */
    LatencyWindow window(boolean live, MetricNames.Family family, String... labelValues) {
        if (!live) {
            return new LatencyWindow(clock);
        }
        MetricId id = new MetricId(family, List.of(labelValues));
        String name = id.dropwizardName();
        ids.put(name, id);
        if (registry.getMetrics().get(name) instanceof LatencyWindow w) {
            return w;
        }
        return registry.register(name, new LatencyWindow(clock));
    }
}
