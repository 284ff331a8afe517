package dev.telltale.route;

/**
 * The Host header as routes see it: lower case, without port and trailing dot. To keep matching
 * free of allocation, the header is not copied: callers work on its first {@link #end} chars and
 * compare ignoring ASCII case.
 */
final class HostName {
    private HostName() {
    }

    /** Where the name ends in {@code header} (port and trailing dot excluded); 0 when there is none. */
    static int end(String header) {
        if (header == null || header.isEmpty()) {
            return 0;
        }
        int end = header.length();
        if (header.charAt(0) == '[') {
            int close = header.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = header.lastIndexOf(':');
            if (colon >= 0) {
                end = colon;
            }
        }
        if (end > 0 && header.charAt(end - 1) == '.') {
            end--;
        }
        return end;
    }

    /** {@link String#hashCode} of the lower-cased {@code s[0, end)}, without lower-casing it. */
    static int hash(String s, int end) {
        int h = 0;
        for (int i = 0; i < end; i++) {
            h = 31 * h + lower(s.charAt(i));
        }
        return h;
    }

    /** Whether {@code s[from, from + len)} equals {@code lower[lowerFrom, lowerFrom + len)}, ignoring ASCII case. */
    static boolean regionMatches(String s, int from, String lower, int lowerFrom, int len) {
        for (int i = 0; i < len; i++) {
            if (lower(s.charAt(from + i)) != lower.charAt(lowerFrom + i)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
