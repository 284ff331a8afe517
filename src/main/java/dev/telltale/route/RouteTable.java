package dev.telltale.route;

import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the route for a request, in nginx's order:
 * <ol>
 *   <li><b>listener</b>: only routes without {@code match.listen} or with the {@code server.listen}
 *       address the connection was accepted on (one table per listener, built here);</li>
 *   <li><b>host</b>: the exact name, then {@code *.example.com} (longest first), then
 *       {@code www.example.*} (longest first), then {@code ~regex} (file order), then routes
 *       without a host; the first of these groups that matches the host <em>and</em> has a
 *       route for the path wins ({@link HostRoutes});</li>
 *   <li><b>path</b>, within that group: {@code path} equal to it, else the longest
 *       {@code path_prefix} if it has {@code skip_regex}, else the first {@code path_regex}
 *       found in it, else the longest {@code path_prefix} ({@link PathRoutes}).</li>
 * </ol>
 * Paths are matched after {@link RequestPath#normalise}: decoded, query removed, slashes merged,
 * dot segments resolved. Routes with a {@code name} and no {@code match} are only reached by
 * {@link #named}. Immutable and thread-safe; regexes are compiled when the table is built. Matching
 * allocates nothing unless the path needs normalising ({@code %}, {@code //}, dot segments, non-ASCII).
 */
public final class RouteTable {
    /**
     * What {@link #match} returns for a target nginx answers with 400: not starting with
     * {@code /}, a bad {@code %} escape, {@code %00}, or {@code ..} above the root. Never in
     * {@link #routes()}; its config is a {@code return: 400} so it reads right if shown.
     */
    public static final Route INVALID_PATH = new Route(-1, new RouteConfig(null, null, null, PathMatch.ROOT, null,
            null, true, null, null, null, null, new ReturnConfig(400, null, null, null), null, null));

    private final List<Route> all;
    private final HostRoutes everyListener;
    private final Map<ListenAddress, HostRoutes> byListener;
    private final Map<String, Route> named;

    public RouteTable(List<RouteConfig> routes) {
        List<Route> everything = new ArrayList<>();
        Set<ListenAddress> listeners = new LinkedHashSet<>();
        Map<String, Route> names = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = new Route(i, routes.get(i));
            everything.add(r);
            if (r.config().listen() != null) {
                listeners.add(r.config().listen());
            }
            if (r.config().name() != null) {
                names.putIfAbsent(r.config().name(), r);
            }
        }
        this.all = List.copyOf(everything);
        this.named = Map.copyOf(names);
        this.everyListener = new HostRoutes(matchable(everything, null));
        Map<ListenAddress, HostRoutes> tables = new HashMap<>();
        for (ListenAddress l : listeners) {
            tables.put(l, new HostRoutes(matchable(everything, l)));
        }
        this.byListener = Map.copyOf(tables);
    }

    /** The routes requests on {@code listener} can reach by matching, in file order. */
    private static List<Route> matchable(List<Route> routes, ListenAddress listener) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            RouteConfig c = r.config();
            if (c.path() != null && (c.listen() == null || c.listen().equals(listener))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every route, named ones included, in file order. */
    public List<Route> routes() {
        return all;
    }

    /**
     * The route for a request accepted on {@code listener}.
     *
     * @param listener   the {@code server.listen} address the connection was accepted on, as configured;
     *                   {@code null} (or an address no route names) reaches routes without {@code match.listen}
     * @param hostHeader the request's Host (may carry a port, any case), or {@code null}
     * @param target     the request target as received ({@code /path?query})
     * @return the route; {@code null} when none matches (404); {@link #INVALID_PATH} when the
     *         target cannot be normalised (400)
     */
    public Route match(ListenAddress listener, String hostHeader, String target) {
        String path = target;
        int end = RequestPath.plainEnd(target); // the usual case: compared in place, nothing copied
        if (end < 0) {
            path = RequestPath.normalise(target);
            if (path == null) {
                return INVALID_PATH;
            }
            return matchNormal(listener, hostHeader, path);
        }
        HostRoutes table = listener == null || byListener.isEmpty() ? everyListener
                : byListener.getOrDefault(listener, everyListener);
        return table.match(hostHeader, path, end);
    }

    /**
     * The route for a path that is already normal, such as an internal redirect's {@code $uri}:
     * matched as it is, not decoded again ({@code /%41} stays {@code /%41}).
     *
     * @param path a path as {@link RequestPath#normalise} or {@link RequestPath#resolve} gives it
     * @return the route, or {@code null} when none matches
     */
    public Route matchNormal(ListenAddress listener, String hostHeader, String path) {
        HostRoutes table = listener == null || byListener.isEmpty() ? everyListener
                : byListener.getOrDefault(listener, everyListener);
        return table.match(hostHeader, path, path.length());
    }

    /** {@link #match(ListenAddress, String, String)} for routes without {@code match.listen}. */
    public Route match(String hostHeader, String target) {
        return match(null, hostHeader, target);
    }

    /** The route named {@code name} (without the {@code @}; the first one written), or {@code null}. */
    public Route named(String name) {
        return named.get(name);
    }
}
