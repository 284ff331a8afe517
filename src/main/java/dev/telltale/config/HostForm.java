package dev.telltale.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The forms {@code match.host} takes, nginx's {@code server_name} forms. A wildcard has one
 * {@code *}, at the start or the end and on a dot border ({@code w*.example.com} and
 * {@code www.*.example.com} are refused, as nginx refuses them); write those as a regex.
 */
public enum HostForm {
    /** {@code api.example.com}: that name, in any case. */
    EXACT,
    /**
     * {@code *.example.com}: any name ending in {@code .example.com}, however many labels come
     * before ({@code a.b.example.com} too), not {@code example.com} itself; {@code .example.com}
     * matches both, as in nginx.
     */
    LEADING_WILDCARD,
    /** {@code www.example.*}: any name starting with {@code www.example.} and longer. */
    TRAILING_WILDCARD,
    /** {@code ~^(www|api)\.example\.com$}: a Java regex found in the name, ignoring case. */
    REGEX;

    /**
     * @param host a {@code match.host} value
     * @throws IllegalArgumentException {@code host: ... (expected: ...)} when it is none of the forms
     */
    public static HostForm of(String host) {
        if (host.startsWith("~")) {
            regex(host);
            return REGEX;
        }
        int star = host.indexOf('*');
        if (star < 0) {
            if (host.isEmpty() || host.equals(".")) {
                throw invalid(host);
            }
            return host.startsWith(".") ? LEADING_WILDCARD : EXACT;
        }
        if (host.indexOf('*', star + 1) >= 0 || host.length() < 3) {
            throw invalid(host);
        }
        if (host.startsWith("*.")) {
            return LEADING_WILDCARD;
        }
        if (host.endsWith(".*") && star == host.length() - 1) {
            return TRAILING_WILDCARD;
        }
        throw invalid(host);
    }

    /** The compiled regex of a {@link #REGEX} host (the text after {@code ~}), case-insensitive. */
    public static Pattern regex(String host) {
        String source = host.substring(1);
        try {
            return Pattern.compile(source, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("host: " + host + " (expected: ~ and a regular expression; "
                    + e.getDescription() + " near index " + e.getIndex() + ")");
        }
    }

    private static IllegalArgumentException invalid(String host) {
        return new IllegalArgumentException("host: " + host + " (expected: a name, *.example.com, www.example.* "
                + "or ~regex; a * only at the start or end, next to a dot)");
    }
}
