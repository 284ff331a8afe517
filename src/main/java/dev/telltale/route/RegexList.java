package dev.telltale.route;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regexes tried in order, with one {@link Matcher} per regex per thread, reset for each input:
 * regex routes are tried on every request that reaches them, and a fresh {@code Matcher} costs
 * about 200 bytes. A lookup is never re-entered on a thread, so a reused matcher is never shared.
 */
final class RegexList {
    private final Pattern[] patterns;
    private final ThreadLocal<Matcher[]> matchers;

    RegexList(Pattern[] patterns) {
        this.patterns = patterns.clone();
        this.matchers = ThreadLocal.withInitial(() -> {
            Matcher[] m = new Matcher[this.patterns.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = this.patterns[i].matcher("");
            }
            return m;
        });
    }

    /**
     * The first regex, from index {@code from} on, found in {@code input[0, end)} (unanchored, as
     * nginx searches; {@code ^} and {@code $} anchor at 0 and {@code end}), or -1.
     */
    int find(String input, int end, int from) {
        if (from >= patterns.length) {
            return -1;
        }
        Matcher[] m = matchers.get();
        for (int i = from; i < m.length; i++) {
            if (m[i].reset(input).region(0, end).find()) {
                return i;
            }
        }
        return -1;
    }
}
