package dev.telltale.route;

import dev.telltale.config.PathMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The routes of one host pattern (nginx: the locations of one server), choosing by path in
 * nginx's location order: a {@code path} equal to the path wins at once; else the longest
 * matching {@code path_prefix} is remembered, and wins at once when it has {@code skip_regex};
 * else the first {@code path_regex} (file order) found in the path wins; else the remembered
 * prefix. Ties between equal prefixes go to the route written first.
 */
final class PathRoutes {
    private final Map<String, Route> exact;
    private final String[] prefixes;
    private final Route[] prefixRoutes;
    private final Pattern[] patterns;
    private final Route[] regexRoutes;

    /** @param routes in file order, each with a path match */
    PathRoutes(List<Route> routes) {
        Map<String, Route> e = new HashMap<>();
        List<Route> p = new ArrayList<>();
        List<Route> x = new ArrayList<>();
        for (Route r : routes) {
            PathMatch m = r.config().path();
            switch (m.kind()) {
                case EXACT -> e.putIfAbsent(m.value(), r);
                case PREFIX -> p.add(r);
                case REGEX -> x.add(r);
            }
        }
        p.sort(Comparator.comparingInt((Route r) -> -r.config().path().value().length())); // stable: file order
        this.exact = Map.copyOf(e);
        this.prefixes = p.stream().map(r -> r.config().path().value()).toArray(String[]::new);
        this.prefixRoutes = p.toArray(Route[]::new);
        this.patterns = x.stream().map(r -> r.config().path().pattern()).toArray(Pattern[]::new);
        this.regexRoutes = x.toArray(Route[]::new);
    }

    /**
     * @param path the normalised path ({@link RequestPath#normalise})
     * @return the route, or {@code null} when none of these routes matches
     */
    Route select(String path) {
        if (!exact.isEmpty()) {
            Route r = exact.get(path);
            if (r != null) {
                return r;
            }
        }
        Route longest = null;
        for (int i = 0; i < prefixes.length; i++) {
            if (path.startsWith(prefixes[i])) {
                longest = prefixRoutes[i];
                break;
            }
        }
        if (longest != null && longest.config().path().skipRegex()) {
            return longest;
        }
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].matcher(path).find()) { // unanchored, like nginx's regex locations
                return regexRoutes[i];
            }
        }
        return longest;
    }
}
