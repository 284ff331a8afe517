package dev.telltale.route;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * comes back when it has no query (routing skips even that substring). The one normaliser of
 * the codebase: routing, static files, {@code $uri} and forwarding ({@link #escapedPath}) all see
 * the same path.
 */
public final class RequestPath {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
        byte[] b = normalBytes(target, end);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The normalised path's bytes, exactly; {@code null} when invalid. */
    private static byte[] normalBytes(String target, int end) {
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
        return len < 0 ? null : Arrays.copyOf(out, len);
    }

    /**
     * An already decoded path ({@code $uri}, or one built from it) with {@code //} merged and dot
     * segments resolved, but not decoded again: nginx's internal redirects take their URI as it
     * is, so {@code /a/%41} stays {@code /a/%41}.
     *
     * @return the path ({@code path} itself when it needs nothing), or {@code null} when it does
     *         not start with {@code /} or a {@code ..} climbs above the root
     */
    public static String resolve(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        boolean work = false;
        for (int i = 0; i < path.length() && !work; i++) {
            work = path.charAt(i) == '/' && needsWork(path, i, path.length());
        }
        if (!work) {
            return path;
        }
        // '/' and '.' are the same single bytes in UTF-8, so the byte resolver serves here too.
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        int len = resolveSegments(b, b.length);
        return len < 0 ? null : new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * The normalised path of {@code target}, escaped again for a request line as nginx sends
     * {@code $uri} upstream ({@code ngx_escape_uri}, {@code NGX_ESCAPE_URI}): byte for byte, so a
     * decoded {@code %FF} goes out as {@code %FF} even though it is no UTF-8. {@code /a//b/../%63}
     * gives {@code /a/c}; {@code /a%2Fb} gives {@code /a/b}; {@code /a%20b} stays {@code /a%20b}.
     *
     * @return plain ASCII, the query left out; {@code null} when the target is invalid
     */
    public static String escapedPath(String target) {
        int end = plainEnd(target);
        if (end >= 0) {
            return escape(end == target.length() ? target : target.substring(0, end));
        }
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return null;
        }
        byte[] b = normalBytes(target, queryStart(target));
        return b == null ? null : escape(b);
    }

    /**
     * {@code s}'s UTF-8 bytes with nginx's {@code NGX_ESCAPE_URI}: controls, space, {@code #},
     * {@code %}, {@code ?}, DEL and every byte from 0x80 become {@code %XX} (upper-case hex); the
     * rest, {@code /} included, stays. {@code s} itself when nothing needs escaping.
     */
    public static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || escapes(c)) {
                return escape(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return s;
    }

    private static String escape(byte[] b) {
        StringBuilder out = new StringBuilder(b.length + 16);
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x80 || escapes(c)) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static boolean escapes(int c) {
        return c <= 0x20 || c == '#' || c == '%' || c == '?' || c == 0x7f;
    }

    /**
     * nginx's {@code $args}: the query of a request target as sent, after the first {@code ?} and
     * before a {@code #}; {@code null} when it has none.
     */
    public static String query(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = target.indexOf('#', q);
        return target.substring(q + 1, hash < 0 ? target.length() : hash);
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
