package dev.telltale.route;

import dev.telltale.config.HostForm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The routes one listener serves, grouped by host pattern and tried in nginx's
 * {@code server_name} order: the exact name, leading wildcards (longest first), trailing
 * wildcards (longest first), regexes (file order), then routes without a host. The first
 * group whose pattern matches the host and that has a route for the path wins; a group
 * without one passes the request on to the next (nginx would answer 404 from that server
 * instead; the nginx converter adds a catch-all route per server to keep that).
 */
final class HostRoutes {
    /** Exact names, lower case, in an open-addressing table so a lookup needs no lower-cased copy. */
    private final String[] names;
    private final PathRoutes[] byName;
    private final int mask;
    /** Leading wildcards as the suffix after {@code *} ({@code .example.com}), longest first. */
    private final String[] suffixes;
    /** Whether the pattern was {@code .example.com}, which matches {@code example.com} too. */
    private final boolean[] suffixMatchesBare;
    private final PathRoutes[] bySuffix;
    /** Trailing wildcards as the prefix before {@code *} ({@code www.example.}), longest first. */
    private final String[] hostPrefixes;
    private final PathRoutes[] byHostPrefix;
    private final RegexList regexes;
    private final PathRoutes[] byRegex;
    private final PathRoutes anyHost;

    /** @param routes in file order, each with a path match */
    HostRoutes(List<Route> routes) {
        Map<String, List<Route>> groups = new LinkedHashMap<>();
        List<Route> any = new ArrayList<>();
        for (Route r : routes) {
            String host = r.config().host();
            if (host == null) {
                any.add(r);
            } else {
                String key = host.startsWith("~") ? host : host.toLowerCase(Locale.ROOT);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        List<String> exact = new ArrayList<>();
        List<String> leading = new ArrayList<>();
        List<String> trailing = new ArrayList<>();
        List<String> regex = new ArrayList<>();
        for (String host : groups.keySet()) {
            switch (HostForm.of(host)) {
                case EXACT -> exact.add(host);
                case LEADING_WILDCARD -> leading.add(host);
                case TRAILING_WILDCARD -> trailing.add(host);
                case REGEX -> regex.add(host);
            }
        }
        int slots = Integer.highestOneBit(Math.max(1, exact.size()) * 4);
        this.names = new String[slots];
        this.byName = new PathRoutes[slots];
        this.mask = slots - 1;
        for (String host : exact) {
            int i = slot(HostName.hash(host, host.length()));
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = host;
            byName[i] = new PathRoutes(groups.get(host));
        }
        // Longest first by the part compared (".example.com" and "*.example.com" tie); stable: ties in file order.
        leading.sort(Comparator.comparingInt(h -> h.startsWith("*") ? 1 - h.length() : -h.length()));
        trailing.sort(Comparator.comparingInt(h -> -h.length()));
        this.suffixes = leading.stream().map(h -> h.startsWith("*") ? h.substring(1) : h).toArray(String[]::new);
        this.suffixMatchesBare = new boolean[leading.size()];
        this.bySuffix = new PathRoutes[leading.size()];
        for (int i = 0; i < leading.size(); i++) {
            suffixMatchesBare[i] = !leading.get(i).startsWith("*");
            bySuffix[i] = new PathRoutes(groups.get(leading.get(i)));
        }
        this.hostPrefixes = trailing.stream().map(h -> h.substring(0, h.length() - 1)).toArray(String[]::new);
        this.byHostPrefix = trailing.stream().map(h -> new PathRoutes(groups.get(h))).toArray(PathRoutes[]::new);
        this.regexes = new RegexList(regex.stream().map(HostForm::regex).toArray(Pattern[]::new));
        this.byRegex = regex.stream().map(h -> new PathRoutes(groups.get(h))).toArray(PathRoutes[]::new);
        this.anyHost = new PathRoutes(any);
    }

    /**
     * @param hostHeader the request's Host as received (any case, maybe a port), or {@code null}
     * @param path       the normalised path is {@code path[0, pathEnd)}
     * @return the route, or {@code null} when none matches
     */
    Route match(String hostHeader, String path, int pathEnd) {
        int end = HostName.end(hostHeader);
        if (end > 0) {
            Route r = byHost(hostHeader, end, path, pathEnd);
            if (r != null) {
                return r;
            }
        }
        return anyHost.select(path, pathEnd);
    }

    private int slot(int hash) {
        return (hash ^ hash >>> 16) & mask;
    }

    private Route byHost(String host, int end, String path, int pathEnd) {
        int h = HostName.hash(host, end);
        for (int i = slot(h); names[i] != null; i = (i + 1) & mask) {
            if (names[i].length() == end && HostName.regionMatches(host, 0, names[i], 0, end)) {
                Route r = byName[i].select(path, pathEnd);
                if (r != null) {
                    return r;
                }
                break;
            }
        }
        for (int i = 0; i < suffixes.length; i++) {
            String s = suffixes[i];
            int n = s.length();
            boolean matches = end > n ? HostName.regionMatches(host, end - n, s, 0, n)
                    : suffixMatchesBare[i] && end == n - 1 && HostName.regionMatches(host, 0, s, 1, n - 1);
            if (matches) {
                Route r = bySuffix[i].select(path, pathEnd);
                if (r != null) {
                    return r;
                }
            }
        }
        for (int i = 0; i < hostPrefixes.length; i++) {
            String p = hostPrefixes[i];
            if (end > p.length() && HostName.regionMatches(host, 0, p, 0, p.length())) {
                Route r = byHostPrefix[i].select(path, pathEnd);
                if (r != null) {
                    return r;
                }
            }
        }
        // Case-insensitive regexes on the name before the port: no lower-cased copy needed.
        for (int i = regexes.find(host, end, 0); i >= 0; i = regexes.find(host, end, i + 1)) {
            Route r = byRegex[i].select(path, pathEnd);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
