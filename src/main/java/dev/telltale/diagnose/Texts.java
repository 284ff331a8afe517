package dev.telltale.diagnose;

/** Small text helpers shared by the renderers: status reasons, durations, inert text. */
final class Texts {
    static final char REPLACEMENT = '\uFFFD';

    private Texts() {
    }

    /** The reason phrase for the statuses a diagnostic page can carry. */
    static String reason(int status) {
        switch (status) {
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 500: return "Internal Server Error";
            default: return "Error";
        }
    }

    /** {@code 5s}, {@code 1m}, {@code 250ms}: the config's own duration syntax. */
    static String duration(long ms) {
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms >= 1000 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** True for a code unit that is a surrogate without its partner at {@code i}. */
    static boolean loneSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /**
     * The string with lone surrogates and control characters other than tab, CR and LF replaced
     * by U+FFFD; the same instance when nothing needed replacing (the usual case).
     */
    static String wellFormed(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (needsReplacing(s, i)) {
                StringBuilder b = new StringBuilder(n).append(s, 0, i);
                for (int j = i; j < n; j++) {
                    b.append(needsReplacing(s, j) ? REPLACEMENT : s.charAt(j));
                }
                return b.toString();
            }
        }
        return s;
    }

    private static boolean needsReplacing(String s, int i) {
        char c = s.charAt(i);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || loneSurrogate(s, i);
    }

    /**
     * Appends {@code s} as one inert line: CR, LF, tab and other controls become {@code \r},
     * {@code \n}, {@code \t}, {@code \xNN}, so a value can neither start a new line nor a new
     * header; lone surrogates become U+FFFD.
     */
    static void appendOneLine(StringBuilder out, String s) {
        // Runs of characters that need no escaping are copied in one append: a per-character
        // append was most of a text error page's cost in a 502 storm (JFR, bench/README.md).
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue; // printable ASCII: the common case, never escaped
            }
            String escape = escape(s, i, c);
            if (escape == null) {
                continue;
            }
            out.append(s, run, i).append(escape);
            run = i + 1;
        }
        out.append(s, run, n);
    }

    /** What stands for {@code c} (at {@code i} of {@code s}) in one line; {@code null} when it stays. */
    private static String escape(String s, int i, char c) {
        if (c == '\r') {
            return "\\r";
        } else if (c == '\n') {
            return "\\n";
        } else if (c == '\t') {
            return "\\t";
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return "\\x" + HEX[c >> 4 & 0xf] + HEX[c & 0xf];
        } else if (c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
            return REPLACEMENT_STRING;
        }
        return null;
    }

    private static final String REPLACEMENT_STRING = String.valueOf(REPLACEMENT);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
