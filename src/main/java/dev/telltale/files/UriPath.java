package dev.telltale.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * nginx's {@code $uri}: the path of a request target, percent-decoded ({@code %2F} becomes
 * {@code /}, {@code %2e%2e} becomes {@code ..}), with {@code //} merged and {@code .} and
 * {@code ..} segments resolved after decoding. A path that climbs above {@code /}, holds a
 * NUL or is not UTF-8 has no normal form: nginx answers 400 there, and so does Telltale.
 */
public final class UriPath {
    private UriPath() {
    }

    /** The path part of a request target: before {@code ?} and {@code #}, without scheme and authority. */
    public static String rawPath(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return null; // "*" or garbage
            }
            start = target.indexOf('/', scheme + 3);
            if (start < 0) {
                return "/";
            }
        }
        int end = target.length();
        for (int i = start; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return target.substring(start, end);
    }

    /** The query of a request target without {@code ?}, or {@code null} when it has none. */
    public static String query(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        int hash = target.indexOf('#', q);
        return target.substring(q + 1, hash < 0 ? target.length() : hash);
    }

    /**
     * The normal form of a request target's path, or {@code null} when it has none (see class doc).
     * Allocates nothing beyond the result for a path that needs no change.
     */
    public static String normalise(String target) {
        String raw = rawPath(target);
        if (raw == null || raw.isEmpty()) {
            return raw == null ? null : "/";
        }
        String decoded = raw.indexOf('%') < 0 ? raw : decode(raw);
        if (decoded == null || decoded.indexOf('\0') >= 0) {
            return null;
        }
        return resolveDots(decoded);
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Merges slashes and resolves dot segments; {@code null} when {@code ..} climbs above the root. */
    private static String resolveDots(String p) {
        if (!needsWork(p)) {
            return p;
        }
        String[] segments = p.split("/", -1);
        String[] kept = new String[segments.length];
        int n = 0;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("..")) {
                if (n == 0) {
                    return null;
                }
                n--;
            } else if (!s.isEmpty() && !s.equals(".")) {
                kept[n++] = s;
            }
        }
        StringBuilder out = new StringBuilder(p.length());
        for (int i = 0; i < n; i++) {
            out.append('/').append(kept[i]);
        }
        String last = segments[segments.length - 1];
        // "/a/" and "/a/." and "/a/.." all name a directory: keep the trailing slash.
        if (n == 0 || last.isEmpty() || last.equals(".") || last.equals("..")) {
            out.append('/');
        }
        return out.toString();
    }

    private static boolean needsWork(String p) {
        if (p.charAt(0) != '/') {
            return true;
        }
        for (int i = 1; i < p.length(); i++) {
            if (p.charAt(i) == '/' && p.charAt(i - 1) == '/') {
                return true;
            }
            if (p.charAt(i) == '.' && p.charAt(i - 1) == '/') {
                int end = i + 1;
                if (end < p.length() && p.charAt(end) == '.') {
                    end++;
                }
                if (end == p.length() || p.charAt(end) == '/') {
                    return true;
                }
            }
        }
        return false;
    }
}
