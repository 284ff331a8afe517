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
        java.util.Set<String> names = new java.util.HashSet<>();
        for (RouteConfig r : routes) {
            if (r.upstream() != null && !upstreams.containsKey(r.upstream())) {
                throw new IllegalArgumentException("upstream: " + r.upstream()
                        + " (expected: one of " + upstreams.keySet() + " or a URL)");
            }
            if (r.listen() != null && !server.listen().contains(r.listen())) {
                throw new IllegalArgumentException("listen: " + r.listen() + " (expected: one of server.listen "
                        + server.listen() + ")");
            }
            if (r.name() != null && !names.add(r.name())) {
                throw new IllegalArgumentException("name: " + r.name() + " (expected: a name no other route has)");
            }
        }
        for (RouteConfig r : routes) {
            List<String> refs = new java.util.ArrayList<>();
            if (r.files() != null && !r.files().tryFiles().isEmpty()) {
                refs.add(r.files().tryFiles().get(r.files().tryFiles().size() - 1));
            }
            r.errorPages().forEach(e -> refs.add(e.uri()));
            for (String ref : refs) {
                if (ref.startsWith("@") && !names.contains(ref.substring(1))) {
                    throw new IllegalArgumentException("name: " + ref + " (expected: the name of a route, one of "
                            + names.stream().sorted().map(n -> "@" + n).toList() + ")");
                }
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
