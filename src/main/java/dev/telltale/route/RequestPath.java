package dev.telltale.route;

import java.nio.charset.StandardCharsets;

/**
 * The path routes are matched against, normalised as nginx does before choosing a location: the
 * request target without its query string, percent-decoded once, with runs of {@code /} merged and
 * {@code .} and {@code ..} segments resolved. {@code /a//b/./c/../d?x=1} becomes {@code /a/b/d};
 * {@code /%61pi/%2e%2e/b} becomes {@code /b} (a decoded {@code /} or {@code .} counts like a written
 * one, as in nginx, so encoding cannot smuggle a {@code ..} past a prefix). Decoded bytes are read as
 * UTF-8, raw bytes too ({@code /caf%C3%A9} and a raw UTF-8 {@code /café} both give {@code /café}).
 *
 * <p>Invalid targets give {@code null}, which the proxy answers with 400 as nginx does: a target not
 * starting with {@code /}, a {@code %} not followed by two hex digits, an encoded NUL ({@code %00}),
 * or a {@code ..} that climbs above the root.
 *
 * <p>A target needing none of this ({@code /api/users?id=7}: no {@code %}, no {@code //}, no dot
 * segment, ASCII only) costs one scan and at most the substring before {@code ?}; the target itself
 * comes back when it has no query (routing skips even that substring). Shared by routing and
 * static files, so both see the same path.
 */
public final class RequestPath {
    private RequestPath() {
    }

    /**
     * @param target the request target as received, origin-form ({@code /path?query})
     * @return the normalised path, or {@code null} when the target is invalid (answer 400)
     */
    public static String normalise(String target) {
        int end = plainEnd(target);
        if (end >= 0) {
            return end == target.length() ? target : target.substring(0, end);
        }
        return target == null || target.isEmpty() || target.charAt(0) != '/' ? null : slow(target, queryStart(target));
    }

    /**
     * For a target whose path is already normal, where that path ends (the {@code ?}, or the
     * length): routing then compares {@code target[0, end)} in place and copies nothing. -1 when
     * the path needs {@link #normalise} or the target is invalid.
     */
    static int plainEnd(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return -1;
        }
        int end = queryStart(target);
        for (int i = 0; i < end; i++) {
            char c = target.charAt(i);
            if (c == '%' || c >= 0x80 || c == '/' && needsWork(target, i, end)) {
                return -1;
            }
        }
        return end;
    }

    private static int queryStart(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target.length() : q;
    }

    /** Whether the {@code /} at {@code i} starts an empty, {@code .} or {@code ..} segment. */
    private static boolean needsWork(String s, int i, int end) {
        int n = i + 1;
        if (n == end) {
            return false;
        }
        char c = s.charAt(n);
        if (c == '/') {
            return true;
        }
        if (c != '.') {
            return false;
        }
        if (n + 1 == end || s.charAt(n + 1) == '/') {
            return true;
        }
        return s.charAt(n + 1) == '.' && (n + 2 == end || s.charAt(n + 2) == '/');
    }

    /** Decodes into bytes, then resolves segments over them; {@code null} when invalid. */
    private static String slow(String target, int end) {
        byte[] out = new byte[end];
        int len = 0;
        for (int i = 0; i < end; i++) {
            char c = target.charAt(i);
            if (c == '%') {
                int hi = i + 2 < end ? hex(target.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(target.charAt(i + 2));
                if (lo < 0 || (hi | lo) == 0) {
                    return null; // bad escape or %00: nginx answers 400
                }
                out[len++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                // Netty hands the target over as ISO-8859-1: one char per received byte.
                out[len++] = (byte) c;
            }
        }
        len = resolveSegments(out, len);
        return len < 0 ? null : new String(out, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Merges slashes and resolves dot segments in place (RFC 3986 5.2.4 with nginx's
     * {@code merge_slashes on}); a trailing {@code .} or {@code ..} leaves a trailing {@code /}.
     *
     * @return the new length, or -1 when a {@code ..} climbs above the root
     */
    private static int resolveSegments(byte[] b, int len) {
        int w = 0; // b[0, w) is the resolved path so far; it starts with '/' once anything is written
        int r = 0;
        while (r < len) {
            // b[r] is '/': the start of a segment
            int s = r + 1;
            int e = s;
            while (e < len && b[e] != '/') {
                e++;
            }
            int n = e - s;
            if (n == 0 && e < len) {
                r = e; // empty segment inside the path: merge the slashes
                continue;
            }
            if (n == 1 && b[s] == '.') {
                if (e == len) {
                    b[w++] = '/';
                }
            } else if (n == 2 && b[s] == '.' && b[s + 1] == '.') {
                if (w == 0) {
                    return -1;
                }
                while (b[--w] != '/') {
                    // back to the slash before the last segment written
                }
                if (e == len) {
                    w++;
                }
            } else {
                b[w++] = '/';
                System.arraycopy(b, s, b, w, n);
                w += n;
            }
            r = e;
        }
        return w; // >= 1: the last segment always writes at least its '/'
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char l = (char) (c | 0x20);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }
}
