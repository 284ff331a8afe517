package dev.telltale.diagnose;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recent failure reports by request id, so the admin plane can show the full report behind a
 * {@code safe} page ({@code diagnostics.reports}). Bounded in size and age; thread-safe.
 */
public final class ReportStore {
    private final Cache<String, Report> cache;
    private final Policy.FixedExpiration<String, Report> expiration;

    /**
     * @param maxEntries how many reports to keep at most (0 keeps none); the least recently
     *                   used beyond that are evicted
     * @param ttl        how long a report is kept after it was put
     * @param ticker     the time source ({@link Ticker#systemTicker()} in production)
     */
    public ReportStore(int maxEntries, Duration ttl, Ticker ticker) {
        // Maintenance runs on the caller's thread: it is cheap, and it keeps expiry deterministic.
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.expiration = cache.policy().expireAfterWrite().orElseThrow();
    }

    /** Keeps a report under its request id, replacing an earlier one with the same id. */
    public void put(Report report) {
        cache.put(report.requestId(), report);
    }

    /** The report for a request id, unless it expired or was evicted. */
    public Optional<Report> get(String requestId) {
        return requestId == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(requestId));
    }

    /** Up to {@code limit} live reports, newest first. */
    public List<Report> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return List.copyOf(new ArrayList<>(expiration.youngest(limit).values()));
    }

    /** Live entries after pending maintenance; for tests and the admin plane's gauges. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
