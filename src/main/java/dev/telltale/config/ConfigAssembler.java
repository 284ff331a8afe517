package dev.telltale.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Builds the immutable records from values a {@link NodeWalker} parsed. Anything not in the
 * file takes the records' defaults. The records validate themselves; their
 * {@code key: value (expected: ...)} messages are turned into errors at the offending value
 * with the full dotted path, and assembly goes on with the default so later errors are found too.
 */
final class ConfigAssembler {
    /** {@code health_check.interval} when a health check is configured without one. */
    static final Duration HEALTH_CHECK_INTERVAL = UpstreamConfig.HealthCheck.DEFAULT_INTERVAL;
    /** {@code health_check.timeout} when a health check is configured without one. */
    static final Duration HEALTH_CHECK_TIMEOUT = UpstreamConfig.HealthCheck.DEFAULT_TIMEOUT;

    /** Bounds re-running a record constructor after each of its complaints. */
    private static final int MAX_REBUILDS = 16;

    private final NodeWalker v;
    private final Errors errors;
    /** The config file's name as given, for relative {@code static} directories; {@code null} for text. */
    private String file;

    ConfigAssembler(NodeWalker values, Errors errors) {
        this.v = values;
        this.errors = errors;
    }

    /** The config, or {@code null} when any error was found (they are in {@link Errors}). */
    Config assemble(String file) {
        this.file = file;
        ServerConfig server = server();
        AdminConfig admin = admin();
        DiagnosticsConfig diagnostics = diagnostics();
        LogsConfig logs = logs();
        Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
        List<String> declared = v.names("upstreams");
        for (String name : declared) {
            UpstreamConfig u = upstream(name);
            if (u != null) {
                upstreams.put(name, u);
            }
        }
        List<RouteConfig> routes = new ArrayList<>();
        if (v.present("routes")) {
            if (v.size("routes") == 0 && !v.failedAtOrUnder("routes")) {
                errors.at(v.at("routes"), "routes: [] (expected: at least one route)");
            }
            for (int i = 0; i < v.size("routes"); i++) {
                RouteConfig r = route("routes." + i, declared, upstreams);
                if (r != null) {
                    routes.add(r);
                }
            }
        } else if (declared.isEmpty()) {
            // Neither routes nor upstreams: the embedded default, everything to app.
            Config d = Config.defaults();
            upstreams.putAll(d.upstreams());
            routes.addAll(d.routes());
        } else if (declared.size() == 1) {
            // One upstream and no routes can only mean "send everything there".
            routes.add(new RouteConfig(null, "/", declared.get(0), null, true, null, null, null));
        } else {
            errors.at(v.at("upstreams"), "routes: missing (expected: at least one route, since "
                    + declared.size() + " upstreams are defined)");
        }
        if (errors.any()) {
            return null;
        }
        try {
            return new Config(server, admin, diagnostics, logs, upstreams, routes, new ConfigOrigins(file, v.lines()));
        } catch (IllegalArgumentException e) {
            errors.ofFile(e.getMessage());
            return null;
        }
    }

    private ServerConfig server() {
        ServerConfig d = ServerConfig.DEFAULT;
        List<ListenAddress> listen = list("server.listen", d.listen());
        Limits limits = limits();
        ResolverConfig resolver = resolver();
        return build("server", d, () -> new ServerConfig(listen, v.get("server.workers", d.workers()),
                v.get("server.shutdown_grace", d.shutdownGrace()), limits, resolver));
    }

    private Limits limits() {
        Limits d = Limits.DEFAULT;
        String p = "server.limits.";
        return build("server.limits", d, () -> new Limits(v.get(p + "max_header_bytes", d.maxHeaderBytes()),
                v.get(p + "max_body_bytes", d.maxBodyBytes()),
                v.get(p + "client_header_timeout", d.clientHeaderTimeout()),
                v.get(p + "client_idle_timeout", d.clientIdleTimeout()),
                v.get(p + "max_connections", d.maxConnections())));
    }

    private ResolverConfig resolver() {
        ResolverConfig d = ResolverConfig.DEFAULT;
        List<ListenAddress> servers = list("server.resolver.servers", d.servers());
        return build("server.resolver", d,
                () -> new ResolverConfig(servers, v.get("server.resolver.timeout", d.timeout())));
    }

    private AdminConfig admin() {
        AdminConfig d = AdminConfig.DEFAULT;
        Optional<ListenAddress> listen = v.get("admin.listen", Optional.ofNullable(d.listen()));
        return build("admin", d, () -> new AdminConfig(listen.orElse(null), v.get("admin.token", d.token())));
    }

    private DiagnosticsConfig diagnostics() {
        DiagnosticsConfig d = DiagnosticsConfig.DEFAULT;
        String detail = v.get("diagnostics.detail", d.detail().wireName());
        List<Cidr> trusted = list("diagnostics.trusted", d.trusted());
        return build("diagnostics", d, () -> new DiagnosticsConfig(
                DetailLevel.valueOf(detail.toUpperCase(Locale.ROOT)), trusted,
                v.get("diagnostics.timeout_status", d.timeoutStatus()),
                v.get("diagnostics.reports.max_entries", d.reportMaxEntries()),
                v.get("diagnostics.reports.ttl", d.reportTtl())));
    }

    private LogsConfig logs() {
        LogConfig access = log("logs.access", LogConfig.ACCESS_DEFAULT);
        LogConfig error = log("logs.error", LogConfig.ERROR_DEFAULT);
        return build("logs", LogsConfig.DEFAULT, () -> new LogsConfig(access, error));
    }

    private LogConfig log(String p, LogConfig d) {
        return build(p, d, () -> new LogConfig(v.get(p + ".target", d.target()), v.get(p + ".format", d.format())));
    }

    private UpstreamConfig upstream(String name) {
        String p = "upstreams." + name;
        if (!v.present(p + ".servers")) {
            errors.at(v.at(p), p + ".servers: missing (expected: at least one server URL)");
            return null;
        }
        List<UpstreamServer> servers = servers(p + ".servers");
        String balance = v.get(p + ".balance", UpstreamConfig.Balance.ROUND_ROBIN.wireName());
        Timeouts timeouts = timeouts(p + ".timeouts", Timeouts.DEFAULT);
        var kd = UpstreamConfig.Keepalive.DEFAULT;
        var keepalive = build(p + ".keepalive", kd, () -> new UpstreamConfig.Keepalive(
                v.get(p + ".keepalive.max_idle", kd.maxIdle()), v.get(p + ".keepalive.idle_timeout", kd.idleTimeout())));
        var pd = UpstreamConfig.PassiveHealth.DEFAULT;
        var passive = build(p + ".passive_health", pd, () -> new UpstreamConfig.PassiveHealth(
                v.get(p + ".passive_health.max_fails", pd.maxFails()),
                v.get(p + ".passive_health.fail_timeout", pd.failTimeout())));
        String hp = p + ".health_check";
        var health = !v.present(hp) ? null : build(hp, null, () -> new UpstreamConfig.HealthCheck(
                v.get(hp + ".path", null), v.get(hp + ".interval", HEALTH_CHECK_INTERVAL),
                v.get(hp + ".timeout", HEALTH_CHECK_TIMEOUT),
                v.get(hp + ".expect_status", UpstreamConfig.StatusRange.DEFAULT),
                v.get(hp + ".healthy_after", UpstreamConfig.HealthCheck.DEFAULT_HEALTHY_AFTER),
                v.get(hp + ".unhealthy_after", UpstreamConfig.HealthCheck.DEFAULT_UNHEALTHY_AFTER)));
        var rd = UpstreamConfig.Retry.DEFAULT;
        var retry = build(p + ".retry", rd, () -> new UpstreamConfig.Retry(
                v.get(p + ".retry.tries", rd.tries()), v.get(p + ".retry.budget", rd.budget())));
        var qd = UpstreamConfig.Queue.DEFAULT;
        var queue = build(p + ".queue", qd, () -> new UpstreamConfig.Queue(
                v.get(p + ".queue.size", qd.size()), v.get(p + ".queue.timeout", qd.timeout())));
        return build(p, null, () -> new UpstreamConfig(name, servers,
                UpstreamConfig.Balance.valueOf(balance.toUpperCase(Locale.ROOT)), timeouts, keepalive, passive,
                health, retry, queue));
    }

    /** Each server is a URL (parsed by the schema) or a {@code {url, weight, backup, max_conns}} mapping. */
    private List<UpstreamServer> servers(String p) {
        List<UpstreamServer> out = new ArrayList<>();
        for (int i = 0; i < v.size(p); i++) {
            String ip = p + "." + i;
            if (!(v.node(ip) instanceof MappingNode)) {
                UpstreamServer s = v.get(ip, null);
                if (s != null) {
                    out.add(s);
                }
                continue;
            }
            UpstreamServer s = v.get(ip + ".url", null);
            if (s == null) {
                if (!v.failedAtOrUnder(ip + ".url")) {
                    errors.at(v.at(ip), ip + ".url: missing (expected: a URL such as http://127.0.0.1:3000)");
                }
                continue;
            }
            int weight = v.get(ip + ".weight", 1);
            boolean backup = v.get(ip + ".backup", false);
            int maxConns = v.get(ip + ".max_conns", 0);
            UpstreamServer built = build(ip, null,
                    () -> new UpstreamServer(s.url(), s.host(), s.port(), s.tls(), weight, backup, maxConns));
            if (built != null) {
                out.add(built);
            }
        }
        return out;
    }

    private Timeouts timeouts(String p, Timeouts d) {
        return build(p, d, () -> new Timeouts(v.get(p + ".connect", d.connect()), v.get(p + ".send", d.send()),
                v.get(p + ".read", d.read())));
    }

    /** A route, or {@code null} when it has errors; its other keys are checked even then. */
    private RouteConfig route(String p, List<String> declared, Map<String, UpstreamConfig> upstreams) {
        String ref = v.get(p + ".upstream", null);
        boolean local = v.present(p + ".return") || v.present(p + ".static");
        boolean upstreamOk = ref == null ? local : resolveUpstream(p, ref, declared, upstreams);
        if (ref == null && !local && !v.failedAtOrUnder(p + ".upstream")) {
            errors.at(v.at(p), p + ".upstream: missing (expected: a name from upstreams or a URL; or return "
                    + "or static)");
        }
        Timeouts timeouts = timeouts(p + ".timeouts", Timeouts.NONE);
        HeaderRules request = headerRules(p + ".headers.request");
        HeaderRules response = headerRules(p + ".headers.response");
        PathMatch path = pathMatch(p);
        ReturnConfig returns = !v.present(p + ".return") ? null : build(p + ".return", null,
                () -> new ReturnConfig(v.get(p + ".return.status", 0), v.get(p + ".return.location", null),
                        v.get(p + ".return.body", null), v.get(p + ".return.content_type", null)));
        StaticConfig files = !v.present(p + ".static") ? null : build(p + ".static", null,
                () -> new StaticConfig(relativeToConfig(v.get(p + ".static.root", null)),
                        relativeToConfig(v.get(p + ".static.alias", null)), list(p + ".static.index", null),
                        list(p + ".static.try_files", null)));
        List<ErrorPage> errorPages = new ArrayList<>();
        for (int i = 0; i < v.size(p + ".error_pages"); i++) {
            String e = p + ".error_pages." + i;
            ErrorPage page = build(e, null, () -> new ErrorPage(list(e + ".status", List.of()),
                    v.get(e + ".uri", null), v.get(e + ".code", null)));
            if (page != null) {
                errorPages.add(page);
            }
        }
        boolean localOk = (!v.present(p + ".return") || returns != null) && (!v.present(p + ".static") || files != null);
        // A return or static with errors (reported) still counts as the route's action, so that
        // the route's other keys get checked without a spurious "upstream: missing".
        ReturnConfig action = returns == null && v.present(p + ".return") ? new ReturnConfig(200, null, null, null)
                : returns;
        StaticConfig served = files == null && v.present(p + ".static") ? new StaticConfig("/", null, null, null)
                : files;
        RouteConfig route = build(p, null, () -> new RouteConfig(v.get(p + ".name", null),
                v.get(p + ".match.host", null), v.get(p + ".match.listen", null), path,
                ref == null && !local ? "" : ref, // missing: reported above; the other keys still get checked
                v.get(p + ".strip_prefix", null), v.get(p + ".preserve_host", true), timeouts, request, response,
                v.get(p + ".add_prefix", null), action, served, errorPages));
        return upstreamOk && localOk ? route : null;
    }

    /**
     * The route's path match: one of {@code match.path_prefix}, {@code match.path} and
     * {@code match.path_regex}; {@code null} for a named route without any.
     */
    private PathMatch pathMatch(String p) {
        String m = p + ".match.";
        List<String> used = new ArrayList<>();
        for (String key : List.of("path_prefix", "path", "path_regex")) {
            if (v.present(m + key)) {
                used.add(key);
            }
        }
        if (used.size() > 1) {
            errors.at(v.at(m + used.get(1)), m + used.get(1) + ": set alongside match." + used.get(0)
                    + " (expected: one of path_prefix, path or path_regex)");
            return PathMatch.ROOT;
        }
        if (used.isEmpty() && v.present(p + ".name") && !v.present(p + ".match")) {
            return null;
        }
        String key = used.isEmpty() ? "path_prefix" : used.get(0);
        String value = v.get(m + key, "/");
        return build(p + ".match", PathMatch.ROOT, () -> switch (key) {
            case "path" -> new PathMatch(PathMatch.Kind.EXACT, value, v.get(m + "ignore_case", false),
                    v.get(m + "skip_regex", false), null);
            case "path_regex" -> new PathMatch(PathMatch.Kind.REGEX, value, v.get(m + "ignore_case", false),
                    v.get(m + "skip_regex", false), null);
            default -> new PathMatch(PathMatch.Kind.PREFIX, value, v.get(m + "ignore_case", false),
                    v.get(m + "skip_regex", false), null);
        });
    }

    /** A directory named in the config, relative to the config file's directory unless absolute. */
    private String relativeToConfig(String dir) {
        if (dir == null || file == null || java.nio.file.Path.of(dir).isAbsolute()) {
            return dir;
        }
        java.nio.file.Path base = java.nio.file.Path.of(file).toAbsolutePath().getParent();
        return base == null ? dir : base.resolve(dir).normalize().toString();
    }

    /**
     * Checks a route's {@code upstream}: a declared name, or a URL shorthand that becomes an
     * upstream named by the URL itself with every default.
     */
    private boolean resolveUpstream(String p, String ref, List<String> declared, Map<String, UpstreamConfig> upstreams) {
        if (ref.contains("://")) {
            if (upstreams.containsKey(ref)) {
                return true;
            }
            UpstreamConfig shorthand = build(p + ".upstream", null, () -> UpstreamConfig.ofUrl(ref, ref));
            if (shorthand != null) {
                upstreams.put(ref, shorthand);
            }
            return shorthand != null;
        }
        if (declared.contains(ref)) {
            return true;
        }
        String expected = declared.isEmpty()
                ? "a URL such as http://127.0.0.1:3000, or a name defined under upstreams; none is defined"
                : "one of " + Suggestions.oneOf(declared) + " from upstreams, or a URL"
                  + Suggestions.closest(ref, declared).map(c -> "; did you mean '" + c + "'?").orElse("");
        errors.at(v.at(p + ".upstream"), p + ".upstream: " + ref + " (expected: " + expected + ")");
        return false;
    }

    private HeaderRules headerRules(String p) {
        if (!v.present(p)) {
            return HeaderRules.NONE;
        }
        Map<String, String> set = new LinkedHashMap<>();
        for (String name : v.names(p + ".set")) {
            String key = p + ".set." + name;
            if (!v.failedAtOrUnder(key)) {
                String value = v.get(key, ""); // "X-Env:" with no value sets it empty
                try {
                    Template.parse(value);
                    set.put(name, value);
                } catch (IllegalArgumentException e) {
                    errors.at(v.at(key), key + ": " + value + " (expected: " + e.getMessage() + ")");
                }
            }
        }
        List<String> remove = list(p + ".remove", List.of());
        List<HeaderAdd> add = new ArrayList<>();
        for (int i = 0; i < v.size(p + ".add"); i++) {
            String a = p + ".add." + i;
            HeaderAdd h = build(a, null, () -> new HeaderAdd(v.get(a + ".name", null), v.get(a + ".value", ""),
                    v.get(a + ".always", false)));
            if (h != null) {
                add.add(h);
            }
        }
        List<LocationRewrite> rewrites = new ArrayList<>();
        for (int i = 0; i < v.size(p + ".rewrite_location"); i++) {
            String r = p + ".rewrite_location." + i;
            LocationRewrite lr = build(r, null, () -> new LocationRewrite(v.get(r + ".from", null),
                    v.get(r + ".to", "")));
            if (lr != null) {
                rewrites.add(lr);
            }
        }
        return build(p, HeaderRules.NONE, () -> new HeaderRules(set, remove, add, rewrites));
    }

    /** The parsed items of a list, or {@code fallback} when the key is absent. */
    private <T> List<T> list(String p, List<T> fallback) {
        if (!v.present(p)) {
            return fallback;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < v.size(p); i++) {
            T item = v.get(p + "." + i, null);
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    /**
     * Runs a record constructor; its {@code key: value (expected: ...)} failure becomes an error
     * at that key's value, named by its full path (RouteConfig says {@code path_prefix}, which
     * the file spells {@code match.path_prefix}). The constructor is then run again with that
     * value at its default, because a record stops at its first complaint and the user wants
     * them all. Returns {@code fallback} when it cannot be built.
     */
    private <T> T build(String path, T fallback, Supplier<T> make) {
        for (int attempt = 0; attempt < MAX_REBUILDS; attempt++) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                String msg = String.valueOf(e.getMessage());
                int colon = msg.indexOf(": ");
                String key = colon > 0 ? msg.substring(0, colon) : "";
                if (!key.matches("[a-z_.]+")) {
                    errors.at(v.at(path), path + ": " + msg);
                    return fallback;
                }
                if (path.matches("routes\\.[0-9]+") && List.of("path_prefix", "path", "path_regex", "host",
                        "listen", "ignore_case", "skip_regex").contains(key)) {
                    key = "match." + key;
                }
                String full = NodeWalker.join(path, key);
                boolean reported = v.failedAtOrUnder(full);
                if (!reported) {
                    errors.at(v.at(full), full + ": " + msg.substring(colon + 2));
                }
                if (!v.present(full) || v.failed(full)) {
                    return fallback; // the default itself was refused, or a cross-field rule: no progress to make
                }
                v.markFailed(full);
            }
        }
        return fallback;
    }
}
