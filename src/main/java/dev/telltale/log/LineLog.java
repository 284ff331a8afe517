package dev.telltale.log;

/**
 * What the access and the error log share: a {@link LogSink} with its own writer thread, and
 * the lifecycle around it. Subclasses add the typed methods that queue their lines.
 */
abstract class LineLog<T> implements AutoCloseable {
    private final LogSink<T> sink;

    LineLog(LogSink<T> sink) {
        this.sink = sink;
    }

    /** Queues one line; never blocks, never does I/O. */
    final void offer(T line) {
        sink.offer(line);
    }

    /** False when the target is {@code off}: the caller may skip building records. */
    public final boolean enabled() {
        return sink.enabled();
    }

    /** Lines lost since start: queue full, or failed to write. Exported as a metric. */
    public final long dropped() {
        return sink.dropped();
    }

    /** Reopens a file target after rotation (SIGHUP); a no-op otherwise. Not for event loops. */
    public final void reopen() {
        sink.reopen();
    }

    /** Writes every line logged before this call (waiting at most 2 s) and stops the writer. */
    @Override
    public final void close() {
        sink.close();
    }
}
