package dev.telltale.metrics;

import com.codahale.metrics.Metric;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One latency summary: percentiles over the last {@link #INTERVALS} intervals of
 * {@link #INTERVAL_NANOS} (the current one included, so a sample counts for 50 to 60 s), and a
 * count since start.
 *
 * <p>Recording is O(1), allocates nothing (once the histogram has grown to the largest value seen)
 * and never waits: HdrHistogram's {@link Recorder} counts into one histogram bucket, and a
 * reader swaps its histograms instead of locking writers out. Samples are kept in microseconds to
 * two significant digits: a reported percentile is the top of its bucket, at most 1/128 (0.8 %)
 * above the sample it stands for, never below. This replaces Dropwizard's
 * {@code SlidingTimeWindowArrayReservoir}, which stored every sample (1.2 million a minute at
 * 20,000 req/s) and trimmed them on every update.
 *
 * <p>Time is cut into intervals counted from the window's creation. The recorder always holds
 * the samples of one interval: the first recording after that interval ended (or a read) moves
 * them into the ring slot of their interval first. So a sample is never attributed to a later
 * interval than its own, however long nobody records or reads.
 */
final class LatencyWindow implements Metric {
    static final int INTERVALS = 6;
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(ProxyMetrics.WINDOW_SECONDS) / INTERVALS;
    private static final int SIGNIFICANT_DIGITS = 2;
    private static final long NANOS_PER_MICRO = 1_000;

    /**
     * What a read sees, in microseconds.
     *
     * @param count       samples since start (not only those in the window)
     * @param windowCount samples in the window
     */
    record Summary(long count, long windowCount, long p50Us, long p90Us, long p99Us, long maxUs) {
        Latency latency() {
            return new Latency(count, ms(p50Us), ms(p90Us), ms(p99Us), ms(maxUs));
        }

        private static double ms(long us) {
            return us / 1_000.0;
        }
    }

    private final LongSupplier clock;
    private final long origin;
    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    /** When the interval the recorder is filling ends; a recording past it harvests first. */
    private volatile long intervalEnd;

    // Guarded by this (harvests and reads only).
    /** Number of the interval the recorder is filling, counted from {@link #origin}. */
    private long recorderInterval;
    /** Slot i holds interval {@code slotInterval[i]}, where that is i modulo {@link #INTERVALS}. */
    private final Histogram[] slots = new Histogram[INTERVALS];
    private final long[] slotInterval = new long[INTERVALS];
    private Histogram harvested;
    private Histogram merged;
    private long count;

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    LatencyWindow(LongSupplier clock) {
        this.clock = clock;
        this.origin = clock.getAsLong();
        this.intervalEnd = origin + INTERVAL_NANOS;
        java.util.Arrays.fill(slotInterval, -1);
    }

    /** Records one duration (negative counts as 0); reads the clock. */
    void record(long nanos) {
        record(nanos, clock.getAsLong());
    }

    /** Records one duration at {@code now} (from this window's clock): callers with two windows read it once. */
    void record(long nanos, long now) {
        if (now - intervalEnd >= 0) {
            harvest(now);
        }
        recorder.recordValue(nanos <= 0 ? 0 : nanos / NANOS_PER_MICRO);
    }

    long now() {
        return clock.getAsLong();
    }

    /** Percentiles of the window as of now; {@code 0} each when it holds no sample. */
    synchronized Summary summary() {
        harvest(clock.getAsLong());
        if (merged == null) {
            merged = new Histogram(SIGNIFICANT_DIGITS);
        } else {
            merged.reset();
        }
        for (int i = 0; i < INTERVALS; i++) {
            if (slots[i] != null && slotInterval[i] > recorderInterval - INTERVALS) {
                merged.add(slots[i]);
            }
        }
        return new Summary(count, merged.getTotalCount(), merged.getValueAtPercentile(50), merged.getValueAtPercentile(90),
                merged.getValueAtPercentile(99), merged.getMaxValue());
    }

    /**
     * Moves what the recorder holds into its interval's slot, then, when {@code now} is past
     * that interval, lets the recorder start the interval of {@code now}.
     */
    private synchronized void harvest(long now) {
        harvested = recorder.getIntervalHistogram(harvested);
        long n = harvested.getTotalCount();
        if (n > 0) {
            count += n;
            slot(recorderInterval).add(harvested);
        }
        if (now - intervalEnd >= 0) {
            recorderInterval = (now - origin) / INTERVAL_NANOS;
            intervalEnd = origin + (recorderInterval + 1) * INTERVAL_NANOS;
        }
    }

    private Histogram slot(long interval) {
        int i = (int) (interval % INTERVALS);
        if (slots[i] == null) {
            slots[i] = new Histogram(SIGNIFICANT_DIGITS);
        } else if (slotInterval[i] != interval) {
            slots[i].reset();
        }
        slotInterval[i] = interval;
        return slots[i];
    }
}
