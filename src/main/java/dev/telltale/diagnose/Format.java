package dev.telltale.diagnose;

/**
 * The body format of a diagnostic response, negotiated from {@code Accept}: HTML for browsers,
 * RFC 9457 {@code application/problem+json} when JSON is asked for, plain text otherwise (curl).
 */
public enum Format {
    HTML, JSON, TEXT;

    private static final int Q_MAX = 1000;

    /**
     * Picks the format for an {@code Accept} header value. JSON ranges ({@code application/json},
     * {@code application/problem+json}, any {@code +json} type, {@code *}{@code /json}) ask for
     * JSON; {@code text/html} and {@code application/xhtml+xml} for HTML; {@code text/plain},
     * {@code text/*} and {@code *}{@code /*} for text. The highest q-value wins, ties go to the
     * range listed first, {@code q=0} excludes, and no JSON or HTML range at all means text.
     * Runs per failed request: no regex and no allocation.
     *
     * @param accept the header value, or {@code null} when absent
     */
    public static Format fromAccept(String accept) {
        if (accept == null) {
            return TEXT;
        }
        int bestQ = 0;
        Format best = TEXT;
        int len = accept.length();
        int start = 0;
        while (start < len) {
            int end = accept.indexOf(',', start);
            if (end < 0) {
                end = len;
            }
            int typeEnd = accept.indexOf(';', start);
            if (typeEnd < 0 || typeEnd > end) {
                typeEnd = end;
            }
            int ts = skipSpace(accept, start, typeEnd);
            int te = trimEnd(accept, ts, typeEnd);
            Format format = classify(accept, ts, te);
            if (format != null) {
                int q = qValue(accept, typeEnd, end);
                if (q > bestQ) {
                    bestQ = q;
                    best = format;
                }
            }
            start = end + 1;
        }
        return best;
    }

    private static Format classify(String s, int from, int to) {
        int n = to - from;
        if (is(s, from, n, "text/html") || is(s, from, n, "application/xhtml+xml")) {
            return HTML;
        }
        if (is(s, from, n, "application/json") || is(s, from, n, "*/json")
                || (n > 5 && s.regionMatches(true, to - 5, "+json", 0, 5) && hasSlash(s, from, to))) {
            return JSON;
        }
        if (is(s, from, n, "text/plain") || is(s, from, n, "text/*") || is(s, from, n, "*/*")) {
            return TEXT;
        }
        return null;
    }

    private static boolean hasSlash(String s, int from, int to) {
        int slash = s.indexOf('/', from);
        return slash > from && slash < to - 5;
    }

    private static boolean is(String s, int from, int n, String type) {
        return n == type.length() && s.regionMatches(true, from, type, 0, n);
    }

    /** The range's q in thousandths: 1000 when absent, 0 when malformed (treated as excluded). */
    private static int qValue(String s, int paramsStart, int end) {
        int i = paramsStart;
        while (i < end) {
            int p = skipSpace(s, i + 1, end); // i sits on ';'
            int next = s.indexOf(';', p);
            if (next < 0 || next > end) {
                next = end;
            }
            if (next - p >= 2 && (s.charAt(p) == 'q' || s.charAt(p) == 'Q') && s.charAt(p + 1) == '=') {
                return parseQ(s, p + 2, trimEnd(s, p + 2, next));
            }
            i = next;
        }
        return Q_MAX;
    }

    private static int parseQ(String s, int from, int to) {
        if (from >= to) {
            return 0;
        }
        char first = s.charAt(from);
        if (first != '0' && first != '1') {
            return 0;
        }
        int value = (first - '0') * Q_MAX;
        if (from + 1 < to) {
            if (s.charAt(from + 1) != '.') {
                return 0;
            }
            int scale = 100;
            for (int i = from + 2; i < to && scale > 0; i++, scale /= 10) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return 0;
                }
                value += (c - '0') * scale;
            }
        }
        return Math.min(value, Q_MAX);
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
