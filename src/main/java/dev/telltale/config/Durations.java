package dev.telltale.config;

import java.time.Duration;

/** Durations as written in the config: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            throw new IllegalArgumentException(text + " (expected: a duration such as 250ms, 5s, 1m, 1h)");
        }
        long n = Long.parseLong(s.substring(0, i));
        switch (s.substring(i)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default:
                throw new IllegalArgumentException(text + " (expected: a duration such as 250ms, 5s, 1m, 1h)");
        }
    }

    /** The shortest exact config spelling: {@code 1500ms}, {@code 5s}, {@code 2m}. */
    public static String format(Duration d) {
        if (d == null) {
            return "null";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
