package dev.telltale.admin;

import dev.telltale.diagnose.Report;
import dev.telltale.metrics.ProxyMetrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the admin plane reads from, and the two things it may ask for; implemented by the
 * composition root. Called on Undertow worker threads, concurrently with the proxy: every
 * method must be thread-safe and may block briefly (a reload reads a file).
 */
public interface AdminSources {
    /** The stored report of that request, if it failed recently enough to still be kept. */
    Optional<Report> report(String requestId);

    /** Up to {@code limit} most recent failure reports, newest first. */
    List<Report> recentFailures(int limit);

    /** Every configured upstream with its servers' state, in config order. */
    List<UpstreamStatus> upstreams();

    /**
     * The effective configuration as nested maps, lists and scalars (keys as in the YAML).
     * Values under a key named {@code token} are redacted by the admin plane anyway.
     */
    Map<String, Object> effectiveConfig();

    /** Listeners bound and at least one live server per upstream. */
    boolean ready();

    /** Why {@link #ready()} is false, in one sentence; {@code null} when ready. */
    String notReadyReason();

    /** Reloads the config from its file, as SIGHUP does; a bad config leaves the old one in place. */
    ReloadResult reload();

    /**
     * Starts draining (as SIGTERM does) and returns without waiting: the admin plane calls it
     * after its {@code 202} answer went out.
     */
    void drain();

    ProxyMetrics metrics();
}
