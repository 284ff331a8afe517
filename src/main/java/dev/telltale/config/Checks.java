package dev.telltale.config;

import java.time.Duration;

/** Validation helpers for compact constructors; messages read {@code key: value (expected: ...)}. */
final class Checks {
    private Checks() {
    }

    static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            String expected = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + expected + ")");
        }
    }

    static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + Durations.format(value) + " (expected: > 0)");
        }
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing (expected: a value)");
        }
        return value;
    }
}
