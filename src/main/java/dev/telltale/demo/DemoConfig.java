package dev.telltale.demo;

import dev.telltale.config.AdminConfig;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.LogConfig;
import dev.telltale.config.LogsConfig;
import dev.telltale.config.ResolverConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ServerConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code demo} command's configuration and the banner it prints. */
public final class DemoConfig {
    /** {@code server.resolver.timeout} in the demo, so {@code /dns-timeout/} answers in seconds. */
    public static final Duration RESOLVER_TIMEOUT = Duration.ofSeconds(2);
    /** Passive health of the {@code no_live_upstream} route: one failure marks the server down this long. */
    public static final Duration NO_LIVE_FAIL_TIMEOUT = Duration.ofMinutes(1);

    private DemoConfig() {
    }

    /**
     * One upstream and one route per {@link DemoRoute}: {@code path_prefix} = the path,
     * {@code strip_prefix} = the path without its trailing slash, the route's timeouts as
     * overrides, one try (a retry on the same single server would only double the waits),
     * passive health off ({@code max_fails: 0}) so every request shows its own cause, except on
     * the {@code no_live_upstream} route. {@code diagnostics.detail: full}, access log off (the
     * error log on stderr is what the demo shows), and the demo's fake name server as resolver.
     * Everything else keeps its default, the admin plane included.
     */
    public static Config demoConfig(DemoUpstreams upstreams, ListenAddress listen) {
        Map<String, UpstreamConfig> byName = new LinkedHashMap<>();
        List<RouteConfig> routes = new ArrayList<>();
        for (DemoRoute r : upstreams.routes()) {
            String name = upstreamName(r.path());
            UpstreamConfig.PassiveHealth health = r.cause().equals("no_live_upstream")
                    ? new UpstreamConfig.PassiveHealth(1, NO_LIVE_FAIL_TIMEOUT)
                    : new UpstreamConfig.PassiveHealth(0, UpstreamConfig.PassiveHealth.DEFAULT.failTimeout());
            byName.put(name, new UpstreamConfig(name, List.of(UpstreamServer.parse(r.upstreamUrl(), 1, false)),
                    UpstreamConfig.Balance.ROUND_ROBIN, Timeouts.DEFAULT, UpstreamConfig.Keepalive.DEFAULT, health,
                    null, new UpstreamConfig.Retry(1, UpstreamConfig.Retry.DEFAULT.budget())));
            String strip = r.path().equals("/") ? null : r.path().substring(0, r.path().length() - 1);
            routes.add(new RouteConfig(null, r.path(), name, strip, true,
                    new Timeouts(r.connectTimeout(), null, r.readTimeout()), null, null));
        }
        ServerConfig defaults = ServerConfig.DEFAULT;
        ListenAddress dns = new ListenAddress(upstreams.dnsServer().getAddress().getHostAddress(),
                upstreams.dnsServer().getPort());
        ServerConfig server = new ServerConfig(List.of(listen), defaults.workers(), defaults.shutdownGrace(),
                defaults.limits(), new ResolverConfig(List.of(dns), RESOLVER_TIMEOUT));
        DiagnosticsConfig d = DiagnosticsConfig.DEFAULT;
        DiagnosticsConfig diagnostics = new DiagnosticsConfig(DetailLevel.FULL, d.trusted(), d.timeoutStatus(),
                d.reportMaxEntries(), d.reportTtl());
        LogsConfig logs = new LogsConfig(new LogConfig("off", LogConfig.ACCESS_DEFAULT.format()), LogConfig.ERROR_DEFAULT);
        return new Config(server, AdminConfig.DEFAULT, diagnostics, logs, byName, routes, ConfigOrigins.NONE);
    }

    /**
     * What the CLI prints once the proxy listens: a table of URL to open, cause and what
     * happens, then where to look next. Pass the config with the port actually bound (the
     * first {@code server.listen} entry is used; a wildcard host is shown as loopback).
     */
    public static String banner(Config config, List<DemoRoute> routes) {
        String base = "http://" + displayed(config.server().listen().get(0));
        int urlWidth = "URL".length();
        int causeWidth = "cause".length();
        for (DemoRoute r : routes) {
            urlWidth = Math.max(urlWidth, base.length() + r.path().length());
            causeWidth = Math.max(causeWidth, r.cause().length());
        }
        String row = "  %-" + urlWidth + "s  %-" + causeWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("Telltale demo: each URL below goes through the proxy to an upstream that fails in its own way.")
                .append(System.lineSeparator()).append(System.lineSeparator());
        out.append(String.format(row, "URL", "cause", "what happens"));
        for (DemoRoute r : routes) {
            out.append(String.format(row, base + r.path(), r.cause(), r.what()));
        }
        out.append(System.lineSeparator());
        out.append("Open them in a browser, or: curl -i ").append(base).append("/refused/")
                .append("   (add -H 'Accept: application/json' for problem+json)").append(System.lineSeparator());
        out.append("Each failure also writes one JSON line to the error log (")
                .append(config.logs().error().target()).append(")");
        if (config.admin().enabled()) {
            out.append("; the full report stays at http://").append(displayed(config.admin().listen()))
                    .append("/reports/{request_id}");
        }
        out.append('.').append(System.lineSeparator());
        return out.toString();
    }

    /** {@code /} → {@code app}; {@code /connect-timeout/} → {@code connect-timeout}. */
    static String upstreamName(String path) {
        String name = path.replaceAll("^/+|/+$", "");
        return name.isEmpty() ? "app" : name;
    }

    private static String displayed(ListenAddress a) {
        String host = switch (a.host()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "::1";
            default -> a.host();
        };
        return new ListenAddress(host, a.port()).toString();
    }
}
