package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.ServerState;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Health of one server. Passive, with nginx semantics: {@code max_fails} failures within
 * {@code fail_timeout} mark it down for {@code fail_timeout}; then it gets requests again, and
 * one success clears the count. {@code max_fails: 0} turns marking off. Active, when the upstream
 * has a {@code health_check}: {@code unhealthy_after} failed checks in a row mark it down until
 * {@code healthy_after} passed checks in a row; a server starts actively up, so starting or
 * reloading never takes traffic away before the first checks ran. A server gets requests only
 * when both allow it. Also keeps a short history for diagnosis: failures by cause in the last
 * minute, last success, last failure.
 * Updated from every event loop, hence synchronized; each call is a few field writes.
 */
public final class ServerHealth {
    /** How far back {@link #recentFailures} looks. */
    public static final long HISTORY_NANOS = 60_000_000_000L;
    private static final int RING = 64;
    private static final Cause[] CAUSES = Cause.values();

    private final int maxFails;
    private final long failTimeoutNanos;
    private final Ticker ticker;
    private final int healthyAfter;
    private final int unhealthyAfter;
    private final boolean checked;

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
    private boolean activeUp = true;
    private int activeStreak;
    private String activeReason;
    private Cause activeCause;
    private long activeSince = Long.MIN_VALUE;
    private long checkAt = Long.MIN_VALUE;
    private boolean checkOk;
    private Cause checkCause;
    private String checkReason;
    /** Scratch for counting the ring by cause; used under the lock only. */
    private final int[] counts = new int[CAUSES.length];
    /** The counts {@link #recent} last made a map of, and that map: reused while they stay. */
    private final int[] recentCounts = new int[CAUSES.length];
    private Map<Cause, Integer> recent = Map.of();
    /** The last {@link #state} made, reused while nothing in it changed. */
    private ServerState lastState;

    public ServerHealth(UpstreamConfig.PassiveHealth config, Ticker ticker) {
        this(config, null, ticker);
    }

    /** @param check the upstream's active check, or {@code null} when it has none */
    public ServerHealth(UpstreamConfig.PassiveHealth config, UpstreamConfig.HealthCheck check, Ticker ticker) {
        this.maxFails = config.maxFails();
        this.failTimeoutNanos = config.failTimeout().toNanos();
        this.ticker = ticker;
        this.checked = check != null;
        this.healthyAfter = check == null ? 1 : check.healthyAfter();
        this.unhealthyAfter = check == null ? 1 : check.unhealthyAfter();
    }

    /**
     * True when active checks (if any) last found it up, and passive health has not marked it
     * down within the last {@code fail_timeout}.
     */
    public synchronized boolean available() {
        return activeUp && (downCause == null || ticker.read() - downUntil >= 0);
    }

    /** False after {@code unhealthy_after} failed active checks in a row, until {@code healthy_after} passed. */
    public synchronized boolean activeUp() {
        return activeUp;
    }

    /**
     * Counts one active check's outcome.
     *
     * @param ok     the check passed (expected status in time)
     * @param cause  why it failed when the connection failed ({@code refused}, {@code timeout}, ...);
     *               {@code null} when it passed or the status was unexpected
     * @param reason a short sentence for the log: {@code status 500 (expected 200-399)},
     *               {@code connect() to 127.0.0.1:3000 failed (111: Connection refused)}
     * @return the change this outcome made, or {@code null} when the state stayed
     */
    public synchronized Change activeResult(boolean ok, Cause cause, String reason) {
        checkAt = ticker.read();
        checkOk = ok;
        checkCause = cause;
        checkReason = reason;
        if (ok == activeUp) {
            activeStreak = 0; // a streak must be unbroken
            return null;
        }
        if (++activeStreak < (activeUp ? unhealthyAfter : healthyAfter)) {
            return null;
        }
        activeStreak = 0;
        activeUp = ok;
        activeSince = ticker.read();
        activeCause = ok ? null : cause;
        activeReason = ok ? null : reason;
        String why = ok ? healthyAfter + " check(s) in a row passed: " + reason
                : unhealthyAfter + " check(s) in a row failed: " + reason;
        return new Change(!ok, ok, why);
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
        Map<Cause, Integer> recentCopy = recent(now);
        if (!activeUp) {
            // Checked down: it comes back when checks pass, not at a known time.
            return new Status(false, activeCause, nanosAgo(now, activeSince), null, nanosAgo(now, lastSuccess),
                    nanosAgo(now, lastFailure), lastFailureCause, recentCopy, false, activeReason);
        }
        boolean down = downCause != null && now - downUntil < 0;
        return new Status(!down, down ? downCause : null, down ? nanosAgo(now, downSince) : null,
                down ? (downUntil - now) / 1_000_000 : null, nanosAgo(now, lastSuccess), nanosAgo(now, lastFailure),
                lastFailureCause, recentCopy, checked ? Boolean.TRUE : null, null);
    }

    /**
     * What a failure page shows of this server ({@link #status()} in short). In a 502 storm every
     * failure asks; while nothing in it changed (up, no success yet, the same counts in the last
     * minute) the same instance is returned, so the reports kept for those failures share it.
     */
    public synchronized ServerState state(String server) {
        long now = ticker.read();
        Map<Cause, Integer> recentNow = recent(now);
        boolean up;
        Cause cause;
        long downFor;
        long retryIn;
        if (!activeUp) {
            up = false;
            cause = activeCause;
            downFor = msAgo(now, activeSince);
            retryIn = Long.MIN_VALUE;
        } else {
            up = downCause == null || now - downUntil >= 0;
            cause = up ? null : downCause;
            downFor = up ? Long.MIN_VALUE : msAgo(now, downSince);
            retryIn = up ? Long.MIN_VALUE : (downUntil - now) / 1_000_000;
        }
        long successAgo = msAgo(now, lastSuccess);
        ServerState s = lastState;
        if (s != null && s.up() == up && s.downCause() == cause && same(s.downForMs(), downFor)
                && same(s.retryInMs(), retryIn) && same(s.lastSuccessAgoMs(), successAgo)
                && s.recentFailures() == recentNow && s.server().equals(server)) {
            return s;
        }
        s = new ServerState(server, up, cause, boxed(downFor), boxed(retryIn), boxed(successAgo), recentNow);
        lastState = s;
        return s;
    }

    /**
     * Failures by cause in the last {@link #HISTORY_NANOS}, counted without boxing; the map of
     * the previous call while the counts are the same. Caller holds the lock.
     */
    private Map<Cause, Integer> recent(long now) {
        int[] n = counts;
        Arrays.fill(n, 0);
        for (int i = 0; i < RING; i++) {
            if (ringCause[i] != null && now - ringAt[i] <= HISTORY_NANOS) {
                n[ringCause[i].ordinal()]++;
            }
        }
        if (!Arrays.equals(n, recentCounts)) {
            Map<Cause, Integer> m = new EnumMap<>(Cause.class);
            for (int c = 0; c < n.length; c++) {
                if (n[c] > 0) {
                    m.put(CAUSES[c], n[c]);
                }
            }
            recent = Map.copyOf(m);
            System.arraycopy(n, 0, recentCounts, 0, n.length);
        }
        return recent;
    }

    /** Milliseconds since {@code then}, {@link Long#MIN_VALUE} for never. */
    private static long msAgo(long now, long then) {
        return then == Long.MIN_VALUE ? Long.MIN_VALUE : (now - then) / 1_000_000;
    }

    private static boolean same(Long boxed, long value) {
        return boxed == null ? value == Long.MIN_VALUE : value != Long.MIN_VALUE && boxed == value;
    }

    private static Long boxed(long value) {
        return value == Long.MIN_VALUE ? null : Long.valueOf(value);
    }

    /** Passive health alone, whatever active checks say: for the admin plane. */
    public synchronized Passive passive() {
        long now = ticker.read();
        if (downCause == null || now - downUntil >= 0) {
            return Passive.UP;
        }
        return new Passive(false, downCause, nanosAgo(now, downSince), (downUntil - now) / 1_000_000);
    }

    /** Active checks' view, or {@code null} when the upstream has no {@code health_check}. */
    public synchronized Active active() {
        if (!checked) {
            return null;
        }
        long now = ticker.read();
        Check last = checkAt == Long.MIN_VALUE ? null
                : new Check(nanosAgo(now, checkAt), checkOk, checkCause, checkReason);
        return new Active(activeUp, nanosAgo(now, activeSince), last);
    }

    private static Long nanosAgo(long now, long then) {
        return then == Long.MIN_VALUE ? null : (now - then) / 1_000_000;
    }

    /**
     * @param up             gets requests: passive and active health both allow it
     * @param downCause      why it was marked down (its last failure's cause), or {@code null} when up
     *                       or when checked down by an unexpected status
     * @param downForMs      how long ago it was marked down
     * @param retryInMs      when it will get requests again; {@code null} when checked down (it
     *                       comes back when checks pass)
     * @param lastSuccessAgoMs / lastFailureAgoMs  {@code null} when never (requests, not checks)
     * @param recentFailures failures by cause in the last {@link #HISTORY_NANOS}
     * @param activeUp       what active checks say; {@code null} when the upstream has no {@code health_check}
     * @param activeReason   the check failure that marked it down, or {@code null}
     */
    public record Status(boolean up, Cause downCause, Long downForMs, Long retryInMs, Long lastSuccessAgoMs,
                         Long lastFailureAgoMs, Cause lastFailureCause, Map<Cause, Integer> recentFailures,
                         Boolean activeUp, String activeReason) {
        /** A status of passive health alone. */
        public Status(boolean up, Cause downCause, Long downForMs, Long retryInMs, Long lastSuccessAgoMs,
                      Long lastFailureAgoMs, Cause lastFailureCause, Map<Cause, Integer> recentFailures) {
            this(up, downCause, downForMs, retryInMs, lastSuccessAgoMs, lastFailureAgoMs, lastFailureCause,
                    recentFailures, null, null);
        }
    }

    /**
     * What passive health alone says.
     *
     * @param up        not marked down by failed requests (or {@code fail_timeout} has passed since)
     * @param downCause the cause of the failure that marked it down, {@code null} when up
     * @param downForMs how long ago it was marked down, {@code null} when up
     * @param retryInMs when it gets requests again, {@code null} when up
     */
    public record Passive(boolean up, Cause downCause, Long downForMs, Long retryInMs) {
        static final Passive UP = new Passive(true, null, null, null);
    }

    /**
     * What active checks say.
     *
     * @param up          false after {@code unhealthy_after} failed checks in a row, until {@code healthy_after} passed
     * @param changedAgoMs when {@code up} last changed, {@code null} when it never did (up since start or reload)
     * @param lastCheck   the latest check's outcome, {@code null} before the first one ended
     */
    public record Active(boolean up, Long changedAgoMs, Check lastCheck) {
    }

    /**
     * One active check's outcome.
     *
     * @param agoMs  how long ago it ended
     * @param ok     it passed
     * @param cause  why the connection failed ({@code refused}, {@code timeout}, ...), {@code null}
     *               when it passed or the status was unexpected
     * @param reason {@code status 200 from 127.0.0.1:3000 for GET /healthz},
     *               {@code connect() to 127.0.0.1:3000 failed (111: Connection refused)}, ...
     */
    public record Check(long agoMs, boolean ok, Cause cause, String reason) {
    }

    /**
     * A change of active health.
     *
     * @param wasUp  the old state
     * @param up     the new state
     * @param reason why, for the {@code health_change} log line
     */
    public record Change(boolean wasUp, boolean up, String reason) {
    }
}
