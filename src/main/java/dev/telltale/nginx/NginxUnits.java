package dev.telltale.nginx;

import java.time.Duration;
import java.util.Locale;

/**
 * nginx's value syntax. Times as {@code ngx_parse_time}: numbers with the units {@code ms},
 * {@code s}, {@code m}, {@code h}, {@code d}, {@code w}, {@code M} (30 days), {@code y} (365
 * days), combinable in decreasing order ({@code 1m30s}); a bare number is seconds. Sizes as
 * {@code ngx_parse_offset}: a number with {@code k}/{@code K}, {@code m}/{@code M} or
 * {@code g}/{@code G} (powers of 1024); a bare number is bytes.
 */
final class NginxUnits {
    private NginxUnits() {
    }

    /** @throws IllegalArgumentException for anything nginx would call an invalid value */
    static Duration time(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(text);
        }
        long totalMs = 0;
        int lastRank = Integer.MAX_VALUE;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                throw new IllegalArgumentException(text);
            }
            long n = Long.parseLong(text.substring(start, i));
            long unitMs;
            int rank;
            if (i == text.length()) {
                if (start != 0) {
                    throw new IllegalArgumentException(text); // "1m30": nginx wants a unit after the first part
                }
                unitMs = 1000;
                rank = 1;
            } else {
                char u = text.charAt(i++);
                switch (u) {
                    case 'y' -> { unitMs = 365L * 86_400_000; rank = 8; }
                    case 'M' -> { unitMs = 30L * 86_400_000; rank = 7; }
                    case 'w' -> { unitMs = 7L * 86_400_000; rank = 6; }
                    case 'd' -> { unitMs = 86_400_000; rank = 5; }
                    case 'h' -> { unitMs = 3_600_000; rank = 4; }
                    case 'm' -> {
                        if (i < text.length() && text.charAt(i) == 's') {
                            i++;
                            unitMs = 1;
                            rank = 0;
                        } else {
                            unitMs = 60_000;
                            rank = 3;
                        }
                    }
                    case 's' -> { unitMs = 1000; rank = 1; }
                    default -> throw new IllegalArgumentException(text);
                }
            }
            if (rank >= lastRank) {
                throw new IllegalArgumentException(text);
            }
            lastRank = rank;
            totalMs = Math.addExact(totalMs, Math.multiplyExact(n, unitMs));
        }
        return Duration.ofMillis(totalMs);
    }

    /** @throws IllegalArgumentException for anything nginx would call an invalid value */
    static long size(String text) {
        String s = text;
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.toLowerCase(Locale.ROOT).charAt(s.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> {
                }
            }
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(text);
        }
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }
}
