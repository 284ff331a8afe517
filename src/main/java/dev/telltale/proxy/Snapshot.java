package dev.telltale.proxy;

import dev.telltale.config.Config;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.diagnose.DetailPolicy;
import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.route.Route;
import dev.telltale.route.RouteTable;
import dev.telltale.upstream.UpstreamGroup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration as the proxy uses it: routes and upstream groups built once. A request
 * takes the snapshot current when it starts and keeps it to the end, so a reload never changes
 * a request midway. {@code plans} holds each route's compiled form, by route index.
 */
public record Snapshot(Config config, RouteTable routes, Map<String, UpstreamGroup> upstreams,
                       DetailPolicy detailPolicy, List<RoutePlan> plans) {

    /** Builds the snapshot; its upstream groups and servers resolve their recorders in {@code metrics}. */
    public static Snapshot of(Config config, ProxyMetrics metrics) {
        Map<String, UpstreamGroup> groups = new HashMap<>();
        config.upstreams().forEach((name, u) -> groups.put(name,
                new UpstreamGroup(u, Ticker.systemTicker(), metrics)));
        return new Snapshot(config, new RouteTable(config.routes()), Map.copyOf(groups),
                new DetailPolicy(config.diagnostics()), config.routes().stream().map(RoutePlan::of).toList());
    }

    /** The compiled form of a route of this snapshot's table. */
    RoutePlan plan(Route route) {
        return plans.get(route.index());
    }
}
