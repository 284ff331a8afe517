package dev.telltale.route;

import dev.telltale.config.ListenAddress;
import dev.telltale.config.RouteConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the route for a request: routes for the exact host first, then wildcard hosts
 * ({@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com}, not
 * {@code example.com}; longer suffix first), then routes for any host; within the first of those
 * groups that has a match, the longest {@code path_prefix} wins, ties going to the route written
 * first. Immutable; matching allocates only when the Host header needs normalising.
 */
public final class RouteTable {
    private final Route[] exact;
    private final Route[] wildcard;
    private final Route[] any;
    private final List<Route> all;

    public RouteTable(List<RouteConfig> routes) {
        List<Route> e = new ArrayList<>();
        List<Route> w = new ArrayList<>();
        List<Route> a = new ArrayList<>();
        List<Route> everything = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig rc = routes.get(i);
            Route r = new Route(i, rc);
            everything.add(r);
            if (rc.host() == null) {
                a.add(r);
            } else if (rc.host().startsWith("*.")) {
                w.add(r);
            } else {
                e.add(r);
            }
        }
        Comparator<Route> longestPrefix = Comparator.comparingInt((Route r) -> -r.config().pathPrefix().length())
                .thenComparingInt(Route::index);
        e.sort(longestPrefix);
        w.sort(Comparator.comparingInt((Route r) -> -r.config().host().length()).thenComparing(longestPrefix));
        a.sort(longestPrefix);
        this.exact = e.toArray(Route[]::new);
        this.wildcard = w.toArray(Route[]::new);
        this.any = a.toArray(Route[]::new);
        this.all = List.copyOf(everything);
    }

    public List<Route> routes() {
        return all;
    }

    /**
     * The route a request accepted on {@code listener} goes to.
     *
     * @param listener the {@code server.listen} address the connection was accepted on, or {@code null}
     * @return the route, or {@code null} when none matches
     */
    public Route match(ListenAddress listener, String hostHeader, String path) {
        return match(hostHeader, path); // listeners are not told apart yet
    }

    /** The route named {@code name} (without the {@code @}), or {@code null}. */
    public Route named(String name) {
        for (Route r : all) {
            if (name.equals(r.config().name())) {
                return r;
            }
        }
        return null;
    }

    /**
     * @param hostHeader the request's Host (may carry a port, any case), or {@code null}
     * @param path       the request target's path (query included is fine: prefixes are paths)
     * @return the route, or {@code null} when none matches
     */
    public Route match(String hostHeader, String path) {
        String host = normalise(hostHeader);
        if (host != null) {
            for (Route r : exact) {
                if (r.config().host().equals(host) && path.startsWith(r.config().pathPrefix())) {
                    return r;
                }
            }
            for (Route r : wildcard) {
                String pattern = r.config().host(); // "*.example.com": match the ".example.com" after '*'
                int suffix = pattern.length() - 1;
                if (host.length() > suffix && host.regionMatches(host.length() - suffix, pattern, 1, suffix)
                        && path.startsWith(r.config().pathPrefix())) {
                    return r;
                }
            }
        }
        for (Route r : any) {
            if (path.startsWith(r.config().pathPrefix())) {
                return r;
            }
        }
        return null;
    }

    /** Lower case, without port and trailing dot; {@code null} for a missing or empty host. */
    static String normalise(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        int end = host.length();
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                end = colon;
            }
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        String h = end == host.length() ? host : host.substring(0, end);
        for (int i = 0; i < h.length(); i++) {
            if (Character.isUpperCase(h.charAt(i))) {
                return h.toLowerCase(Locale.ROOT);
            }
        }
        return h;
    }
}
