package dev.telltale.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a route matches the request path: {@code match.path_prefix} (the default, {@code /}),
 * {@code match.path} (the whole path, nginx's {@code location =}) or {@code match.path_regex}
 * (nginx's {@code location ~}, {@code ~*} with {@code ignore_case}). A regex is compiled once,
 * here. {@code skipRegex} is nginx's {@code ^~}: when this prefix is the longest that matches,
 * regex routes are not tried.
 *
 * @param kind       which key was used
 * @param value      the prefix, exact path or regex source
 * @param ignoreCase {@code match.ignore_case}, only with a regex
 * @param skipRegex  {@code match.skip_regex}, only with a prefix
 * @param pattern    the compiled regex, or {@code null}
 */
public record PathMatch(Kind kind, String value, boolean ignoreCase, boolean skipRegex, Pattern pattern) {
    public static final PathMatch ROOT = prefix("/", false);

    public enum Kind { PREFIX, EXACT, REGEX }

    public PathMatch {
        Checks.required("kind", kind);
        Checks.required("value", value);
        if (kind != Kind.REGEX && !value.startsWith("/")) {
            String key = kind == Kind.PREFIX ? "path_prefix" : "path";
            throw new IllegalArgumentException(key + ": " + value + " (expected: a path starting with /)");
        }
        if (ignoreCase && kind != Kind.REGEX) {
            throw new IllegalArgumentException("ignore_case: true (expected: only with path_regex)");
        }
        if (skipRegex && kind != Kind.PREFIX) {
            throw new IllegalArgumentException("skip_regex: true (expected: only with path_prefix)");
        }
        if (kind == Kind.REGEX && pattern == null) {
            try {
                pattern = Pattern.compile(value, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("path_regex: " + value + " (expected: a regular expression; "
                        + e.getDescription() + " near index " + e.getIndex() + ")");
            }
        }
    }

    public static PathMatch prefix(String prefix, boolean skipRegex) {
        return new PathMatch(Kind.PREFIX, prefix, false, skipRegex, null);
    }

    public static PathMatch exact(String path) {
        return new PathMatch(Kind.EXACT, path, false, false, null);
    }

    public static PathMatch regex(String regex, boolean ignoreCase) {
        return new PathMatch(Kind.REGEX, regex, ignoreCase, false, null);
    }

    /** As nginx writes it: {@code /api/}, {@code = /health}, {@code ^~ /static/}, {@code ~* \.png$}. */
    public String describe() {
        return switch (kind) {
            case PREFIX -> (skipRegex ? "^~ " : "") + value;
            case EXACT -> "= " + value;
            case REGEX -> (ignoreCase ? "~* " : "~ ") + value;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathMatch m && m.kind == kind && m.value.equals(value) && m.ignoreCase == ignoreCase
                && m.skipRegex == skipRegex;
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + kind.hashCode();
    }
}
