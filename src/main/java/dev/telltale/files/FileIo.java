package dev.telltale.files;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where file system calls ({@code stat}, {@code open}) run: never on an event loop, since a slow
 * disk or network file system would stall every connection of that loop. Two daemon threads
 * named {@code telltale-files-N}, started on first use and gone after a minute idle, with a
 * bounded queue: when it is full the caller is told at once ({@link RejectedExecutionException})
 * and answers 503 rather than queueing without end.
 */
public final class FileIo {
    /** Threads doing file system calls. */
    public static final int THREADS = 2;
    /** Lookups that may wait for a thread. */
    public static final int QUEUE = 4096;

    private static final ThreadPoolExecutor POOL;

    static {
        AtomicInteger n = new AtomicInteger();
        POOL = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "telltale-files-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        POOL.allowCoreThreadTimeOut(true);
    }

    private FileIo() {
    }

    /** @throws RejectedExecutionException when {@link #QUEUE} lookups are already waiting */
    public static Executor executor() {
        return POOL;
    }
}
