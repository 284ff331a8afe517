package dev.telltale.metrics;

import com.codahale.metrics.Counter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the proxy records about one upstream, resolved once per config (see
 * {@link ProxyMetrics#upstream}); its servers' recorders come from {@link #server}. A reload that
 * keeps the upstream gets the same recorder back, so its series go on counting; one that removes
 * it retires the recorder (see {@link ServerRecorder}). Thread-safe.
 */
public final class UpstreamRecorder {
    /** The {@code server} label of a failure before any server was chosen. */
    public static final String NO_SERVER = "-";

    final ProxyMetrics owner;
    final String name;
    private final Counter retries;
    final LatencyWindow requestTime;
    private final LatencyWindow queueWait;
    final ConcurrentHashMap<String, ServerRecorder> servers = new ConcurrentHashMap<>();
    // Hoisted so that computeIfAbsent does not allocate a capturing lambda per call.
    private final Function<String, ServerRecorder> newServer;
    private volatile boolean retired;

    UpstreamRecorder(ProxyMetrics owner, String name) {
        this.owner = owner;
        this.name = name;
        this.retries = owner.counter(true, MetricNames.UPSTREAM_RQ_RETRY, name);
        this.requestTime = owner.window(true, MetricNames.UPSTREAM_RQ_TIME, name);
        this.queueWait = owner.window(true, MetricNames.UPSTREAM_RQ_QUEUE_WAIT, name);
        this.newServer = url -> owner.newServer(this, url);
    }

    /** The upstream's name, its {@code upstream} label. */
    public String name() {
        return name;
    }

    /** The recorder of its server {@code url}: the same one for the same URL until a reload removes it. */
    public ServerRecorder server(String url) {
        ServerRecorder s = servers.get(url);
        if (s != null) {
            return s;
        }
        synchronized (owner) { // ProxyMetrics' lock before the map's, as in removeServer
            return servers.computeIfAbsent(url, newServer);
        }
    }

    /** The request moves on to another attempt of this upstream. */
    public void retry() {
        retries.inc();
    }

    /** A request waited {@code waitNanos} for a connection to the upstream (pool exhausted). */
    public void queueWait(long waitNanos) {
        queueWait.record(waitNanos);
    }

    /** A request failed before any server was chosen (none live, connection limit): server {@value #NO_SERVER}. */
    public void failure(String cause) {
        server(NO_SERVER).failure(cause);
    }

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }
}
