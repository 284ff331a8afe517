package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;

import java.util.EnumMap;
import java.util.Map;

/**
 * Passive health of one server with nginx semantics: {@code max_fails} failures within
 * {@code fail_timeout} mark it down for {@code fail_timeout}; then it gets requests again, and
 * one success clears the count. {@code max_fails: 0} turns marking off. Also keeps a short
 * history for diagnosis: failures by cause in the last minute, last success, last failure.
 * Updated from every event loop, hence synchronized; each call is a few field writes.
 */
public final class ServerHealth {
    /** How far back {@link #recentFailures} looks. */
    public static final long HISTORY_NANOS = 60_000_000_000L;
    private static final int RING = 64;

    private final int maxFails;
    private final long failTimeoutNanos;
    private final Ticker ticker;

    private int fails;
    private long windowStart;
    private long downUntil;
    private Cause downCause;
    private long downSince;
    private long lastSuccess = Long.MIN_VALUE;
    private long lastFailure = Long.MIN_VALUE;
    private Cause lastFailureCause;
    private final long[] ringAt = new long[RING];
    private final Cause[] ringCause = new Cause[RING];
    private int ringNext;

    public ServerHealth(UpstreamConfig.PassiveHealth config, Ticker ticker) {
        this.maxFails = config.maxFails();
        this.failTimeoutNanos = config.failTimeout().toNanos();
        this.ticker = ticker;
    }

    /** True unless marked down and {@code fail_timeout} has not passed yet. */
    public synchronized boolean available() {
        return downCause == null || ticker.read() - downUntil >= 0;
    }

    public synchronized void succeeded() {
        lastSuccess = ticker.read();
        fails = 0;
        downCause = null;
    }

    /** Counts a failed attempt; may mark the server down. */
    public synchronized void failed(Cause cause) {
        long now = ticker.read();
        lastFailure = now;
        lastFailureCause = cause;
        ringAt[ringNext] = now;
        ringCause[ringNext] = cause;
        ringNext = (ringNext + 1) % RING;
        if (maxFails == 0) {
            return;
        }
        if (fails == 0 || now - windowStart > failTimeoutNanos) {
            windowStart = now;
            fails = 0;
        }
        if (++fails >= maxFails) {
            fails = 0;
            downCause = cause;
            downSince = now;
            downUntil = now + failTimeoutNanos;
        }
    }

    /** A snapshot for pages, logs and the admin plane. */
    public synchronized Status status() {
        long now = ticker.read();
        Map<Cause, Integer> recent = new EnumMap<>(Cause.class);
        for (int i = 0; i < RING; i++) {
            if (ringCause[i] != null && now - ringAt[i] <= HISTORY_NANOS) {
                recent.merge(ringCause[i], 1, Integer::sum);
            }
        }
        boolean down = downCause != null && now - downUntil < 0;
        return new Status(!down, down ? downCause : null, down ? nanosAgo(now, downSince) : null,
                down ? (downUntil - now) / 1_000_000 : null, nanosAgo(now, lastSuccess), nanosAgo(now, lastFailure),
                lastFailureCause, Map.copyOf(recent));
    }

    private static Long nanosAgo(long now, long then) {
        return then == Long.MIN_VALUE ? null : (now - then) / 1_000_000;
    }

    /**
     * @param downCause      why it was marked down (its last failure's cause), or {@code null} when up
     * @param downForMs      how long ago it was marked down
     * @param retryInMs      when it will get requests again
     * @param lastSuccessAgoMs / lastFailureAgoMs  {@code null} when never
     * @param recentFailures failures by cause in the last {@link #HISTORY_NANOS}
     */
    public record Status(boolean up, Cause downCause, Long downForMs, Long retryInMs, Long lastSuccessAgoMs,
                         Long lastFailureAgoMs, Cause lastFailureCause, Map<Cause, Integer> recentFailures) {
    }
}
