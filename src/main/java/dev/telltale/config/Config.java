package dev.telltale.config;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration, immutable. Built by {@link ConfigLoader} from YAML, or
 * {@link #defaults()}: listen 127.0.0.1:8080, everything to http://127.0.0.1:3000.
 */
public record Config(ServerConfig server, AdminConfig admin, DiagnosticsConfig diagnostics, LogsConfig logs,
                     Map<String, UpstreamConfig> upstreams, List<RouteConfig> routes, ConfigOrigins origins) {

    public Config {
        Checks.required("server", server);
        Checks.required("admin", admin);
        Checks.required("diagnostics", diagnostics);
        Checks.required("logs", logs);
        upstreams = Map.copyOf(upstreams);
        routes = List.copyOf(routes);
        if (origins == null) {
            origins = ConfigOrigins.NONE;
        }
        for (RouteConfig r : routes) {
            if (!upstreams.containsKey(r.upstream())) {
                throw new IllegalArgumentException("upstream: " + r.upstream()
                        + " (expected: one of " + upstreams.keySet() + " or a URL)");
            }
        }
    }

    public static Config defaults() {
        UpstreamConfig app = UpstreamConfig.ofUrl("app", "http://127.0.0.1:3000");
        RouteConfig all = new RouteConfig(null, "/", "app", null, true, null, null, null);
        return new Config(ServerConfig.DEFAULT, AdminConfig.DEFAULT, DiagnosticsConfig.DEFAULT,
                LogsConfig.DEFAULT, Map.of("app", app), List.of(all), ConfigOrigins.NONE);
    }
}
