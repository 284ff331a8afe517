package dev.telltale.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The send and read timeouts of the exchanges on one client connection, with nginx semantics:
 * each bounds the gap between two steps of progress, not the whole transfer. One scheduled task,
 * re-armed lazily when it fires early, rather than one per read or write; time spent waiting for
 * the client pauses it. The task outlives the exchange that armed it: the next exchange on the
 * same keep-alive connection finds it pending and reuses it, so a request costs no scheduling
 * (a task that finds no exchange when it fires lapses). Confined to the connection's event loop.
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
    private final Runnable check = this::check;
    private Clocked owner;
    private long lastProgress;
    private ScheduledFuture<?> task;
    private long firesAt;

    ProgressTimer(EventExecutor executor) {
        this.executor = executor;
    }

    /** {@code exchange} is the connection's exchange now; its clock starts. */
    void bind(Clocked exchange) {
        owner = exchange;
        lastProgress = System.nanoTime();
    }

    /** Something moved: a write completed or bytes arrived. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /**
     * Makes sure a check runs by the time the timeout that applies now could expire: keeps a
     * pending task that fires in time (it re-arms itself for the rest), replaces one that would
     * fire late.
     */
    void arm() {
        Clocked o = owner;
        long limit = o == null ? 0 : o.currentTimeoutNanos();
        if (limit <= 0) {
            return;
        }
        if (task != null) {
            if (firesAt - (System.nanoTime() + limit) <= 0) {
                return;
            }
            task.cancel(false);
        }
        schedule(limit);
    }

    /** {@code exchange} ended: no timeout of its applies any more. A pending task stays for the next. */
    void release(Clocked exchange) {
        if (owner == exchange) {
            owner = null;
        }
    }

    /** The connection closed: nothing is left to time. */
    void stop() {
        owner = null;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void schedule(long nanos) {
        firesAt = System.nanoTime() + nanos;
        task = executor.schedule(check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        task = null;
        Clocked o = owner;
        long limit = o == null ? 0 : o.currentTimeoutNanos();
        if (limit == 0) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle >= limit && !o.waitingOnClient()) {
            o.timedOut();
            return;
        }
        schedule(Math.max(limit - idle, limit / 8));
    }
}
