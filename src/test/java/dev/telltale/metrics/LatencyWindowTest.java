package dev.telltale.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class LatencyWindowTest {
    static final long US = TimeUnit.MICROSECONDS.toNanos(1);
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long S = TimeUnit.SECONDS.toNanos(1);
    /** HdrHistogram with 2 significant digits: a bucket is at most 1/128 of its values wide. */
    static final double PRECISION_PERCENT = 100.0 / 128;

    final AtomicLong clock = new AtomicLong(1_000 * S);
    final LatencyWindow window = new LatencyWindow(clock::get);

    @Test
    void nothingRecorded_isZeroEverywhere() {
        assertThat(window.summary()).isEqualTo(new LatencyWindow.Summary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void sample_countsForFiftySecondsAtLeastAndAgesOutAfterTheWindow() {
        window.record(5 * MS);
        clock.addAndGet(50 * S);
        assertThat(window.summary().p50Us()).isCloseTo(5_000, withinPercentage(PRECISION_PERCENT));

        clock.addAndGet(10 * S); // 60 s later: its interval has left the window
        LatencyWindow.Summary s = window.summary();
        assertThat(s.windowCount()).isZero();
        assertThat(s.p50Us()).isZero();
        assertThat(s.maxUs()).isZero();
        assertThat(s.count()).as("count is since start").isEqualTo(1);
    }

    @Test
    void sampleRecordedWhileNobodyReads_agesOutAllTheSame() {
        window.record(5 * MS);
        clock.addAndGet(10 * 60 * S);
        window.record(2 * MS); // harvests the old sample into its own interval first

        LatencyWindow.Summary s = window.summary();
        assertThat(s.windowCount()).isEqualTo(1);
        assertThat(s.maxUs()).isCloseTo(2_000, withinPercentage(PRECISION_PERCENT));
        assertThat(s.count()).isEqualTo(2);
    }

    @Test
    void olderIntervals_leaveOneByOne() {
        window.record(100 * MS);
        clock.addAndGet(30 * S);
        window.record(1 * MS);
        assertThat(window.summary().maxUs()).isCloseTo(100_000, withinPercentage(PRECISION_PERCENT));

        clock.addAndGet(30 * S); // the 100 ms sample is 60 s old, the 1 ms one 30 s
        LatencyWindow.Summary s = window.summary();
        assertThat(s.windowCount()).isEqualTo(1);
        assertThat(s.maxUs()).isCloseTo(1_000, withinPercentage(PRECISION_PERCENT));
    }

    @Test
    void percentiles_areWithinTheHistogramsPrecisionAndNeverBelow() {
        for (long us = 1; us <= 10_000; us++) {
            window.record(us * US);
        }
        LatencyWindow.Summary s = window.summary();
        assertThat(s.windowCount()).isEqualTo(10_000);
        assertThat(s.p50Us()).isCloseTo(5_000, withinPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(5_000);
        assertThat(s.p90Us()).isCloseTo(9_000, withinPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(9_000);
        assertThat(s.p99Us()).isCloseTo(9_900, withinPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(9_900);
        assertThat(s.maxUs()).isCloseTo(10_000, withinPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(10_000);
        assertThat(s.latency().p99Ms()).isCloseTo(9.9, withinPercentage(PRECISION_PERCENT));
    }

    @Test
    void subMicrosecondAndNegativeDurations_countAsZero() {
        window.record(999);
        window.record(-5);
        LatencyWindow.Summary s = window.summary();
        assertThat(s.windowCount()).isEqualTo(2);
        assertThat(s.maxUs()).isZero();
    }

    @Test
    void twoThreadsRecordingAcrossIntervalsWhileOneReads_countEverything() throws Exception {
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        Runnable fast = () -> recordMany(start, perThread, 1 * MS);
        Runnable slow = () -> recordMany(start, perThread, 3 * MS);
        Thread a = new Thread(fast);
        Thread b = new Thread(slow);
        a.start();
        b.start();
        start.countDown();
        long reads = 0;
        long end = clock.get() + 45 * S;
        while (a.isAlive() || b.isAlive()) {
            if (clock.get() < end) {
                clock.addAndGet(S / 100); // the writers cross interval ends, never the window's
            }
            window.summary();
            reads++;
        }
        a.join();
        b.join();

        LatencyWindow.Summary s = window.summary();
        assertThat(reads).isPositive();
        assertThat(s.count()).isEqualTo(2L * perThread);
        assertThat(s.windowCount()).isEqualTo(2L * perThread);
        assertThat(s.p50Us()).isCloseTo(1_000, withinPercentage(PRECISION_PERCENT));
        assertThat(s.maxUs()).isCloseTo(3_000, withinPercentage(PRECISION_PERCENT));
    }

    private void recordMany(CountDownLatch start, int n, long nanos) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < n; i++) {
            window.record(nanos);
        }
    }
}
