package dev.telltale.metrics;

import com.codahale.metrics.Counter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the proxy records about one server of one upstream, resolved once (when a config's
 * upstream groups are built) so that a request records without looking anything up. Thread-safe.
 *
 * <p>After a reload removed its server or upstream the recorder is retired: what is still
 * recorded into it by requests of the old config counts nowhere, and no series of it comes back.
 */
public final class ServerRecorder {
    final UpstreamRecorder upstream;
    final String server;
    private final Counter requests;
    private final LatencyWindow connect;
    private final LatencyWindow ttfb;
    final ConcurrentHashMap<String, Counter> failures = new ConcurrentHashMap<>();
    // Hoisted so that computeIfAbsent does not allocate a capturing lambda per call.
    private final Function<String, Counter> newFailure;
    private volatile boolean retired;

    /** @param live false for a server of a retired upstream: its metrics are not registered */
    ServerRecorder(UpstreamRecorder upstream, String server, boolean live) {
        this.upstream = upstream;
        this.server = server;
        this.retired = !live;
        ProxyMetrics m = upstream.owner;
        this.requests = m.counter(live, MetricNames.UPSTREAM_RQ, upstream.name, server);
        this.connect = m.window(live, MetricNames.UPSTREAM_CX_CONNECT, upstream.name, server);
        this.ttfb = m.window(live, MetricNames.UPSTREAM_RQ_TTFB, upstream.name, server);
        this.newFailure = cause -> m.failureCounter(this, cause);
    }

    /** The server's URL, its {@code server} label. */
    public String server() {
        return server;
    }

    /** One attempt against this server began (retries count again). */
    public void attempt() {
        requests.inc();
    }

    /** A new connection to it was established after {@code connectNanos}. */
    public void connected(long connectNanos) {
        connect.record(connectNanos);
    }

    /** The first byte of the response head arrived {@code ttfbNanos} after the request was sent. */
    public void firstByte(long ttfbNanos) {
        ttfb.record(ttfbNanos);
    }

    /**
     * One attempt failed.
     *
     * @param cause the cause's wire name ({@code refused}, {@code timeout}, …)
     */
    public void failure(String cause) {
        Counter c = failures.get(cause);
        if (c == null) {
            synchronized (upstream.owner) { // ProxyMetrics' lock before the map's, as everywhere
                c = failures.computeIfAbsent(cause, newFailure);
            }
        }
        c.inc();
    }

    boolean retired() {
        return retired || upstream.retired();
    }

    void retire() {
        retired = true;
    }
}
