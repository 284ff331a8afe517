package dev.telltale.admin;

import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.ConfigFact;
import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.ProxyStatus;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.Timing;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.metrics.ProxyMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link AdminSources} held in memory for tests; every field is settable. */
final class InMemorySources implements AdminSources {
    final ProxyMetrics metrics = new ProxyMetrics();
    final Deque<Report> reports = new ConcurrentLinkedDeque<>();
    final List<UpstreamStatus> upstreams = new CopyOnWriteArrayList<>();
    volatile Map<String, Object> config = new LinkedHashMap<>();
    volatile String notReadyReason;
    volatile ReloadResult nextReload = ReloadResult.success();
    final AtomicInteger reloads = new AtomicInteger();
    final AtomicInteger drains = new AtomicInteger();

    /** Newest first, as a report store hands them out. */
    void add(Report r) {
        reports.addFirst(r);
    }

    @Override
    public Optional<Report> report(String requestId) {
        return reports.stream().filter(r -> r.requestId().equals(requestId)).findFirst();
    }

    @Override
    public List<Report> recentFailures(int limit) {
        return new ArrayList<>(reports).subList(0, Math.min(limit, reports.size()));
    }

    @Override
    public List<UpstreamStatus> upstreams() {
        return List.copyOf(upstreams);
    }

    @Override
    public Map<String, Object> effectiveConfig() {
        return config;
    }

    @Override
    public boolean ready() {
        return notReadyReason == null;
    }

    @Override
    public String notReadyReason() {
        return notReadyReason;
    }

    @Override
    public ReloadResult reload() {
        reloads.incrementAndGet();
        return nextReload;
    }

    @Override
    public void drain() {
        drains.incrementAndGet();
    }

    @Override
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** A refused connect to 127.0.0.1:3000, as the proxy would report it. */
    static Report refused(String requestId, String uri) {
        UpstreamFailure f = new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT,
                "ECONNREFUSED", "connect() to 127.0.0.1:3000 failed: Connection refused", null, null, null, null);
        return new Report(requestId, Instant.parse("2025-01-02T03:04:05Z"), "127.0.0.1", "GET", uri, "localhost:8080",
                f, 502, "/", "app", "http://127.0.0.1:3000", "127.0.0.1:3000", new Timing(3, null, null, null),
                List.of(new Attempt("http://127.0.0.1:3000", "127.0.0.1:3000", f, 1, null, false)),
                List.of("Nothing is listening on 127.0.0.1:3000. Is the app running?"),
                List.of(new ConfigFact("upstreams.app.timeouts.connect", "5s", null)), false);
    }
}
