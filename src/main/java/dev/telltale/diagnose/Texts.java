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
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else if (c == '\u2028' || c == '\u2029') {
                out.append(REPLACEMENT);
            } else if (loneSurrogate(s, i)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
