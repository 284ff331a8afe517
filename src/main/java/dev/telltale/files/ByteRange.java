package dev.telltale.files;

/**
 * One byte range of a {@code Range: bytes=...} header against a file of known size, as nginx
 * reads it: {@code first-last}, {@code first-} and {@code -suffix}; {@code last} past the end is
 * cut to the end.
 *
 * @param first the first byte, inclusive
 * @param last  the last byte, inclusive
 */
public record ByteRange(long first, long last) {
    /** The answer is 416: no range of the header can be served from this file. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    public long length() {
        return last - first + 1;
    }

    /**
     * What a {@code Range} header asks of a file of {@code size} bytes.
     *
     * @return {@code null} to answer the whole file (no header, another unit than bytes, or several
     *         ranges: answered 200 with the whole file rather than multipart), {@link #UNSATISFIABLE},
     *         or the one range to answer with 206
     */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = header.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return UNSATISFIABLE;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        long first;
        long last;
        if (a.isEmpty()) {
            long suffix = number(b);
            if (suffix <= 0 || size == 0) {
                return UNSATISFIABLE;
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = number(a);
            last = b.isEmpty() ? size - 1 : number(b);
            if (first < 0 || last < 0 || first > last || first >= size) {
                return UNSATISFIABLE;
            }
            last = Math.min(last, size - 1);
        }
        return new ByteRange(first, last);
    }

    /** A non-negative decimal, or -1 when it is not one (or too large to be a file offset). */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
