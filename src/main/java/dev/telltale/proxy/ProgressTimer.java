package dev.telltale.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The send and read timeouts of one exchange, with nginx semantics: each bounds the gap between
 * two steps of progress, not the whole transfer. One scheduled task, re-armed lazily when it
 * fires early, rather than one per read or write; time spent waiting for the client pauses it.
 */
final class ProgressTimer {
    /** What the timer asks of its exchange. */
    interface Clocked {
        /** The timeout that applies now, in nanoseconds, or 0 when none does. */
        long currentTimeoutNanos();

        /** The exchange waits for the client (to read or to send), so the upstream is not late. */
        boolean waitingOnClient();

        void timedOut();
    }

    private final EventExecutor executor;
    private final Clocked owner;
    private long lastProgress;
    private ScheduledFuture<?> task;

    ProgressTimer(EventExecutor executor, Clocked owner) {
        this.executor = executor;
        this.owner = owner;
    }

    /** Something moved: a write completed or bytes arrived. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** Starts measuring if a timeout applies and the timer is not running yet. */
    void arm() {
        long limit = owner.currentTimeoutNanos();
        if (task == null && limit > 0) {
            task = executor.schedule(this::check, limit, TimeUnit.NANOSECONDS);
        }
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void check() {
        task = null;
        long limit = owner.currentTimeoutNanos();
        if (limit == 0) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle >= limit && !owner.waitingOnClient()) {
            owner.timedOut();
            return;
        }
        task = executor.schedule(this::check, Math.max(limit - idle, limit / 8), TimeUnit.NANOSECONDS);
    }
}
