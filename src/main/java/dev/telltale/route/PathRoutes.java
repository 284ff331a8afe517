package dev.telltale.route;

import dev.telltale.config.PathMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
    private final String[] exactPaths;
    private final Route[] exactRoutes;
    private final String[] prefixes;
    private final Route[] prefixRoutes;
    private final RegexList regexes;
    private final Route[] regexRoutes;

    /** @param routes in file order, each with a path match */
    PathRoutes(List<Route> routes) {
        Map<String, Route> e = new LinkedHashMap<>();
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
        this.exactPaths = e.keySet().toArray(String[]::new);
        this.exactRoutes = e.values().toArray(Route[]::new);
        this.prefixes = p.stream().map(r -> r.config().path().value()).toArray(String[]::new);
        this.prefixRoutes = p.toArray(Route[]::new);
        this.regexes = new RegexList(x.stream().map(r -> r.config().path().pattern()).toArray(Pattern[]::new));
        this.regexRoutes = x.toArray(Route[]::new);
    }

    /**
     * @param path the normalised path is {@code path[0, end)} (the rest, if any, is the query)
     * @return the route, or {@code null} when none of these routes matches
     */
    Route select(String path, int end) {
        for (int i = 0; i < exactPaths.length; i++) {
            if (exactPaths[i].length() == end && path.startsWith(exactPaths[i])) {
                return exactRoutes[i];
            }
        }
        Route longest = null;
        for (int i = 0; i < prefixes.length; i++) {
            if (prefixes[i].length() <= end && path.startsWith(prefixes[i])) {
                longest = prefixRoutes[i];
                break;
            }
        }
        if (longest != null && longest.config().path().skipRegex()) {
            return longest;
        }
        int found = regexes.find(path, end, 0);
        return found >= 0 ? regexRoutes[found] : longest;
    }
}
