package dev.telltale.diagnose;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recent failure reports by request id, so the admin plane can show the full report behind a
 * {@code safe} page ({@code diagnostics.reports}). Bounded in size and age; thread-safe.
 *
 * <p>One map in write order under a lock: in a 502 storm every failed request puts a report
 * and, once the store is full, evicts the oldest, so the newest {@code maxEntries} are the ones
 * kept. Caffeine's size policy did not fit: its frequency-based admission kept the reports
 * stored first and dropped ~96 % of the newest (each new id is seen once), and its
 * maintenance cost 4-7 % of a storm's CPU; here a put is one hash insert plus unlinking the
 * oldest entry. Reads come only from the admin plane, so the lock is uncontended in practice.
 */
public final class ReportStore {
    /** A report and when it was put, in {@link Ticker} nanoseconds. */
    private record Entry(Report report, long putAt) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final Ticker ticker;
    /** Oldest write first: eviction by size and by age both take from the head. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param maxEntries how many reports to keep at most (0 keeps none); the oldest beyond that
     *                   are evicted
     * @param ttl        how long a report is kept after it was put
     * @param ticker     the time source ({@link Ticker#systemTicker()} in production)
     */
    public ReportStore(int maxEntries, Duration ttl, Ticker ticker) {
        this.maxEntries = Math.max(0, maxEntries);
        this.ttlNanos = ttl.toNanos();
        this.ticker = ticker;
    }

    /** Keeps a report under its request id, replacing an earlier one with the same id. */
    public void put(Report report) {
        if (maxEntries == 0) {
            return;
        }
        long now = ticker.read();
        synchronized (entries) {
            Entry e = new Entry(report, now);
            if (entries.put(report.requestId(), e) != null) {
                // A repeated id (a client's own X-Request-Id): move it to the young end, so the
                // order stays write order. Ids are unique otherwise, so one lookup per put.
                entries.remove(report.requestId());
                entries.put(report.requestId(), e);
            }
            expire(now);
            if (entries.size() > maxEntries) {
                Iterator<Entry> it = entries.values().iterator();
                it.next();
                it.remove();
            }
        }
    }

    /** The report for a request id, unless it expired or was evicted. */
    public Optional<Report> get(String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        long now = ticker.read();
        synchronized (entries) {
            Entry e = entries.get(requestId);
            return e == null || expired(e, now) ? Optional.empty() : Optional.of(e.report());
        }
    }

    /** Up to {@code limit} live reports, newest first. */
    public List<Report> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long now = ticker.read();
        List<Report> newest = new ArrayList<>(Math.min(limit, 64));
        synchronized (entries) {
            expire(now);
            // LinkedHashMap has no reverse iterator before Java 21: walk the newest tail of a copy.
            Entry[] all = entries.values().toArray(new Entry[0]);
            for (int i = all.length - 1; i >= 0 && newest.size() < limit; i--) {
                newest.add(all[i].report());
            }
        }
        return List.copyOf(newest);
    }

    /** Live entries; for tests and the admin plane's gauges. */
    long size() {
        long now = ticker.read();
        synchronized (entries) {
            expire(now);
            return entries.size();
        }
    }

    /** Drops expired entries from the old end; caller holds the lock. */
    private void expire(long now) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && expired(it.next().getValue(), now)) {
            it.remove();
        }
    }

    private boolean expired(Entry e, long now) {
        return now - e.putAt() > ttlNanos;
    }
}
