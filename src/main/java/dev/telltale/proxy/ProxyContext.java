package dev.telltale.proxy;

import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.upstream.UpstreamClient;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What every downstream connection shares: the current snapshot, the upstream client, the listeners. */
public final class ProxyContext {
    private final AtomicReference<Snapshot> snapshot;
    private final UpstreamClient client;
    private final ExchangeEvents events;
    private final DiagnosticResponder responder;
    private final ProxyMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    public ProxyContext(Snapshot initial, UpstreamClient client, ExchangeEvents events, DiagnosticResponder responder,
                        ProxyMetrics metrics) {
        this.metrics = metrics;
        this.snapshot = new AtomicReference<>(initial);
        this.client = client;
        this.events = events;
        this.responder = responder;
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** Applies to requests that start from now on. */
    public void swap(Snapshot next) {
        snapshot.set(next);
    }

    UpstreamClient client() {
        return client;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    ExchangeEvents events() {
        return events;
    }

    DiagnosticResponder responder() {
        return responder;
    }

    /** Exchanges started and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    AtomicInteger inFlightCounter() {
        return inFlight;
    }

    /** Shutting down: responses say {@code Connection: close}, idle connections close. */
    public boolean draining() {
        return draining;
    }

    public void startDraining() {
        draining = true;
    }
}
