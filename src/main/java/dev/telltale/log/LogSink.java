package dev.telltale.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the lines of one log go ({@code stdout}, {@code stderr}, {@code off} or a file), written by
 * one background thread so that the thread calling {@link #offer} never blocks and never does I/O.
 *
 * <p>Threading: any thread may {@link #offer} a record; it lands in a bounded queue
 * ({@value #DEFAULT_CAPACITY} entries by default) or, when the queue is full or the sink closed,
 * is dropped and counted in {@link #dropped()}. The writer thread takes records, encodes them
 * into one buffer and writes that buffer with one {@code write} call when the queue runs empty
 * (or every 64 KiB), so a burst costs few system calls and an idle log costs none. Lines are
 * only ever written whole, so several processes may append to one file.
 *
 * <p>Files are opened for append and their parent directories created; a file that cannot be
 * opened is a startup error ({@link IllegalArgumentException} naming the config key, the path and
 * the reason). {@link #reopen()} opens the path again, for log rotation. {@link #close()} writes
 * what was queued before it, waiting at most {@link #CLOSE_BOUND}.
 *
 * @param <T> the record type
 */
final class LogSink<T> implements AutoCloseable {
    static final int DEFAULT_CAPACITY = 65_536;
    static final Duration CLOSE_BOUND = Duration.ofSeconds(2);
    /** A batch is written once it reaches this size even when more records are waiting. */
    private static final int BATCH_BYTES = 64 * 1024;
    private static final Object STOP = new Object();
    private static final Object REOPEN = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

    private final String key;
    private final String target;
    private final LineEncoder<T> encoder;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    /** A stream opened by {@link #reopen()} that the writer has not switched to yet. */
    private final AtomicReference<OutputStream> reopened = new AtomicReference<>();
    private final boolean ownsStream;
    private volatile boolean closed;

    // Writer thread only.
    private final LineBuffer batch = new LineBuffer();
    private int batchLines;
    private OutputStream out;
    private boolean failing;

    private LogSink(String key, String target, OutputStream out, boolean ownsStream, LineEncoder<T> encoder,
                    int capacity) {
        this.key = key;
        this.target = target;
        this.out = out;
        this.ownsStream = ownsStream;
        this.encoder = encoder;
        this.queue = out == null ? null : new ArrayBlockingQueue<>(capacity);
        this.writer = out == null ? null : new Thread(this::run, "telltale-" + key.replace('.', '-'));
    }

    /**
     * Opens the sink that {@code target} names and starts its writer.
     *
     * @param key    the config key prefix used in messages, e.g. {@code logs.access}
     * @param target {@code stdout}, {@code stderr}, {@code off} or a file path
     * @throws IllegalArgumentException when the file cannot be opened, e.g.
     *                                  {@code logs.access.target: /x/y: cannot open: Permission denied}
     */
    static <T> LogSink<T> open(String key, String target, LineEncoder<T> encoder) {
        switch (target) {
            case "off":
                return new LogSink<>(key, target, null, false, encoder, 0);
            case "stdout":
                return new LogSink<>(key, target, new FileOutputStream(FileDescriptor.out), false, encoder,
                        DEFAULT_CAPACITY).start();
            case "stderr":
                return new LogSink<>(key, target, new FileOutputStream(FileDescriptor.err), false, encoder,
                        DEFAULT_CAPACITY).start();
            default:
                return new LogSink<>(key, target, openFile(key, target), true, encoder, DEFAULT_CAPACITY).start();
        }
    }

    /** A sink writing to {@code out}, which it neither closes nor reopens; for tests and embedding. */
    static <T> LogSink<T> of(String key, OutputStream out, LineEncoder<T> encoder, int capacity) {
        return new LogSink<>(key, "stream", out, false, encoder, capacity).start();
    }

    private LogSink<T> start() {
        writer.setDaemon(true); // close() drains; a forgotten sink must not keep the JVM alive
        writer.start();
        return this;
    }

    /** False when the target is {@code off}: callers may skip building records. */
    boolean enabled() {
        return writer != null;
    }

    /**
     * Queues {@code record} for writing without blocking.
     *
     * @return false when it was dropped (queue full, sink closed) or the sink is {@code off}
     */
    boolean offer(T record) {
        if (writer == null) {
            return false;
        }
        if (closed || !queue.offer(record)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Records lost so far: queue full, offered after close, or failed to encode or write. */
    long dropped() {
        return dropped.sum();
    }

    /**
     * Opens the file target again (after a rotation renamed it); lines queued before this call
     * go to the old file, later ones to the new. A no-op for {@code stdout}, {@code stderr} and
     * {@code off}. Call from a control thread, not an event loop: it opens a file.
     *
     * @throws IllegalArgumentException when the file cannot be opened; the old file stays in use
     */
    void reopen() {
        if (!ownsStream || closed) {
            return;
        }
        OutputStream previous = reopened.getAndSet(openFile(key, target));
        closeQuietly(previous);
        // When the queue is full the marker is lost, but the writer also checks after each batch.
        queue.offer(REOPEN);
    }

    /** Writes what was queued before this call and stops the writer, waiting at most {@link #CLOSE_BOUND}. */
    @Override
    public void close() {
        close(CLOSE_BOUND);
    }

    /** As {@link #close()}, with an explicit bound. */
    void close(Duration bound) {
        if (writer == null || closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            if (queue.offer(STOP, bound.toNanos(), TimeUnit.NANOSECONDS)) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    writer.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("{}: writer still busy {} ms after shutdown began; lines not yet written are lost", key,
                    bound.toMillis());
        }
    }

    /** How long the writer naps between batches. */
    private static final long BATCH_NANOS = 1_000_000;

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                boolean stop = false;
                do {
                    if (next == STOP) {
                        stop = true;
                        break;
                    } else if (next == REOPEN) {
                        switchToReopened();
                    } else {
                        append(next);
                    }
                } while ((next = queue.poll()) != null);
                flush();
                switchToReopened();
                if (stop || Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Let the next lines gather before looking again: a writer that blocks in take()
                // after every line is woken by the event loop once per line (a futex call each,
                // measured at ~10 µs per failed request in a 502 storm); after a 1 ms nap it wakes
                // by itself and drains the batch. An idle log still blocks in take().
                java.util.concurrent.locks.LockSupport.parkNanos(BATCH_NANOS);
            }
        } catch (InterruptedException e) {
            // close() gave up waiting; whatever is still queued is lost, as it warned
        } finally {
            flush();
            if (ownsStream) {
                closeQuietly(out);
                closeQuietly(reopened.getAndSet(null));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void append(Object record) {
        int mark = batch.size();
        try {
            encoder.encode((T) record, batch);
        } catch (IOException | RuntimeException e) {
            // A bug in an encoder must cost one line, never the writer thread.
            batch.truncate(mark);
            dropped.increment();
            LOG.warn("{}: cannot encode a log record: {}", key, e.toString());
            return;
        }
        batchLines++;
        if (batch.size() >= BATCH_BYTES) {
            flush();
        }
    }

    private void flush() {
        if (batch.size() == 0) {
            return;
        }
        try {
            batch.writeTo(out);
            out.flush();
            if (failing) {
                failing = false;
                LOG.info("{}: writing to {} again", key, target);
            }
        } catch (IOException e) {
            dropped.add(batchLines);
            if (!failing) { // one warning per outage, not one per batch
                failing = true;
                LOG.warn("{}: cannot write to {}: {}; dropping lines until it works again", key, target,
                        e.getMessage());
            }
        } finally {
            batch.reset();
            batchLines = 0;
        }
    }

    private void switchToReopened() {
        OutputStream next = reopened.getAndSet(null);
        if (next != null) {
            flush();
            closeQuietly(out);
            out = next;
        }
    }

    private static OutputStream openFile(String key, String target) {
        Path path;
        try {
            path = Path.of(target);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + ".target: " + target + ": not a valid path: " + e.getReason());
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ".target: " + target + ": cannot open: " + reason(e, path));
        }
    }

    /** The OS's words for why a path could not be opened, without Java's exception decoration. */
    private static String reason(IOException e, Path path) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied" + where((FileSystemException) e, path);
        } else if (e instanceof NoSuchFileException) {
            return "No such file or directory" + where((FileSystemException) e, path);
        } else if (e instanceof FileAlreadyExistsException) {
            return "Not a directory" + where((FileSystemException) e, path);
        } else if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Names the path the OS complained about when it is not the target itself (a parent directory). */
    private static String where(FileSystemException e, Path path) {
        String file = e.getFile();
        if (file == null || file.equals(path.toString()) || file.equals(path.toAbsolutePath().toString())) {
            return "";
        }
        return " (" + file + ")";
    }

    private static void closeQuietly(OutputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing useful to do at close; the lines were flushed already
            }
        }
    }
}
