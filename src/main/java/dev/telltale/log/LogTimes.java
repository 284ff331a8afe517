package dev.telltale.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats a log timestamp, caching the text of the current second: lines come in bursts within
 * the same second, so formatting is a comparison most of the time. All formats are UTC. Not
 * thread-safe: one instance per encoder, on its writer thread.
 */
final class LogTimes {
    /** {@code 2026-11-24T07:18:22.} — the JSON {@code ts} without its millis. */
    static LogTimes isoSeconds() {
        return new LogTimes("uuuu-MM-dd'T'HH:mm:ss.");
    }

    /** {@code 24/Nov/2026:07:18:22 +0000} — nginx's {@code $time_local}, in UTC. */
    static LogTimes nginxAccess() {
        return new LogTimes("dd/MMM/uuuu:HH:mm:ss Z");
    }

    /** {@code 2026/11/24 07:18:22} — the nginx error log's time. */
    static LogTimes nginxError() {
        return new LogTimes("uuuu/MM/dd HH:mm:ss");
    }

    private final DateTimeFormatter formatter;
    private long second = Long.MIN_VALUE;
    private String text;
    private final char[] iso = new char[32];

    private LogTimes(String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /** The formatted second that contains {@code epochMillis}. */
    String format(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            text = formatter.format(Instant.ofEpochSecond(s));
            second = s;
        }
        return text;
    }

    /**
     * ISO-8601 UTC with millis ({@code 2026-11-24T07:18:22.007Z}) into a reused array; valid
     * until the next call. Use with {@link #isoSeconds()}.
     *
     * @return the number of chars written to {@link #isoChars()}
     */
    int isoMillis(long epochMillis) {
        String prefix = format(epochMillis);
        int n = prefix.length();
        prefix.getChars(0, n, iso, 0);
        int ms = (int) Math.floorMod(epochMillis, 1000L);
        iso[n] = (char) ('0' + ms / 100);
        iso[n + 1] = (char) ('0' + ms / 10 % 10);
        iso[n + 2] = (char) ('0' + ms % 10);
        iso[n + 3] = 'Z';
        return n + 4;
    }

    char[] isoChars() {
        return iso;
    }
}
