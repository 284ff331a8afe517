package dev.telltale.metrics;

/**
 * Percentiles of one latency summary over its sliding window, in milliseconds.
 *
 * @param count samples since start (not only those in the window)
 */
public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0);
}
