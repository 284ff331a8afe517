package dev.telltale.nginx;

import dev.telltale.config.AdminConfig;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.ResolverConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ServerConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.nginx.Directives.Context;
import dev.telltale.nginx.Note.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed nginx config into Telltale's {@link Config}, with nginx's semantics for the
 * proxy subset ({@code http}, {@code server}, {@code listen}, {@code server_name}, prefix and
 * {@code =}/{@code ^~} {@code location}s, {@code proxy_pass}, {@code upstream}, the
 * {@code proxy_*} timeouts, retries and headers, client limits and logs) and nginx's defaults
 * where the file is silent. Each {@code server_name} × {@code location} with a
 * {@code proxy_pass} becomes a route; a default server's locations also answer any host.
 * Anything Telltale does not do is an error with its line, or with {@code lenient} a
 * {@link Severity#DROPPED} note; differences are {@link Severity#APPROXIMATED} notes.
 */
public final class NginxConverter {

    /** Where the pieces report to; package-private so they share one error list and one note list. */
    interface Sink {
        void error(Directive d, String message);

        void note(Directive d, Severity severity, String message);

        /** An nginx feature Telltale lacks: an error, or with {@code --lenient} a dropped note. */
        void unsupported(Directive d, String message);

        /** Checks name, context, block and arguments; false when the directive is not to be applied. */
        boolean check(Directive d, Context context);

        void notHere(Directive d);

        int integer(Directive d, String text, int min, int max);

        Duration time(Directive d, String text, Duration fallback);

        long size(Directive d, String text, long fallback);
    }

    private final String mainFile;
    private final Reports reports;
    private final List<NginxError> errors;
    private final List<Note> notes;
    private final Sink sink;
    private final Upstreams upstreams;
    private final Globals globals;
    private final List<ServerBlock> servers = new ArrayList<>();
    private final Map<String, Integer> origins = new LinkedHashMap<>();

    record Location(Directive at, String prefix, boolean exact, Scope scope, Directive passAt, ProxyPass pass) {
    }

    record ServerBlock(Directive at, List<Listen> listens, List<Directive> names, List<Location> locations,
                       Scope scope) {
    }

    private NginxConverter(String mainFile, boolean lenient) {
        this.mainFile = mainFile;
        this.reports = new Reports(lenient);
        this.errors = reports.errors;
        this.notes = reports.notes;
        this.sink = reports;
        this.upstreams = new Upstreams(sink);
        this.globals = new Globals(sink);
    }

    /**
     * @param ast      what {@link NginxParser} read
     * @param mainFile the config file as the user named it, for file-level errors and origins
     * @param lenient  unsupported directives become dropped notes instead of errors
     * @throws NginxConfigException with every error found
     */
    public static NginxConversion convert(List<Directive> ast, String mainFile, boolean lenient)
            throws NginxConfigException {
        return new NginxConverter(mainFile, lenient).run(ast);
    }

    private NginxConversion run(List<Directive> ast) throws NginxConfigException {
        Directive http = null;
        for (Directive d : ast) {
            if (!sink.check(d, Context.MAIN)) {
                continue;
            }
            if (d.name().equals("http")) {
                if (http != null) {
                    sink.error(d, "\"http\" directive is duplicate");
                } else {
                    http = d;
                }
            } else if (d.name().equals("error_log")) {
                globals.errorLog(d);
            }
        }
        if (http == null) {
            throw fail("no \"http\" block in " + mainFile + " (expected: http { server { location / { proxy_pass "
                    + "http://127.0.0.1:3000; } } })");
        }
        http(http);
        List<RouteConfig> routes = routes();
        var ups = upstreams.build();
        if (routes.isEmpty() && errors.isEmpty()) {
            throw fail("no location with \"proxy_pass\" in " + mainFile + ": nothing for Telltale to proxy");
        }
        if (!errors.isEmpty()) {
            throw new NginxConfigException(errors);
        }
        List<ListenAddress> listen = new ArrayList<>(new LinkedHashSet<>(
                servers.stream().flatMap(s -> s.listens().stream()).map(Listen::address).toList()));
        DetailLevel detail = listen.stream().allMatch(Listen::isLoopback) ? DetailLevel.FULL : DetailLevel.SAFE;
        DiagnosticsConfig dd = DiagnosticsConfig.DEFAULT;
        try {
            ServerConfig server = new ServerConfig(listen, 0, ServerConfig.DEFAULT.shutdownGrace(),
                    globals.limits(servers), ResolverConfig.DEFAULT);
            Config config = new Config(server, AdminConfig.DEFAULT, new DiagnosticsConfig(detail, dd.trusted(),
                    dd.timeoutStatus(), dd.reportMaxEntries(), dd.reportTtl()), globals.logs(), ups, routes,
                    new ConfigOrigins(mainFile, origins));
            if (!errors.isEmpty()) {
                throw new NginxConfigException(errors);
            }
            return new NginxConversion(config, notes);
        } catch (IllegalArgumentException e) {
            throw fail(mainFile + ": " + e.getMessage());
        }
    }

    private NginxConfigException fail(String message) {
        errors.add(new NginxError(mainFile, 0, message));
        return new NginxConfigException(errors);
    }

    private void http(Directive http) {
        Scope scope = new Scope();
        List<Directive> blocks = new ArrayList<>();
        for (Directive d : http.block()) {
            if (sink.check(d, Context.HTTP)) {
                if (d.name().equals("server") || d.name().equals("upstream")) {
                    blocks.add(d);
                } else {
                    level(d, scope);
                }
            }
        }
        // upstream blocks first: proxy_pass may name one declared further down, as in nginx
        blocks.stream().filter(d -> d.name().equals("upstream")).forEach(upstreams::declare);
        blocks.stream().filter(d -> d.name().equals("server")).forEach(d -> server(d, scope.child()));
    }

    /** A directive that sets something for its level and the levels inside it. */
    private void level(Directive d, Scope scope) {
        String n = d.name();
        boolean single = !(n.equals("proxy_set_header") || n.equals("proxy_hide_header") || n.equals("access_log")
                || n.equals("error_log"));
        if (single && !scope.firstAtLevel(n)) {
            sink.error(d, "\"" + n + "\" directive is duplicate");
            return;
        }
        switch (n) {
            case "proxy_connect_timeout" -> scope.connect = validTime(d);
            case "proxy_send_timeout" -> scope.send = validTime(d);
            case "proxy_read_timeout" -> scope.read = validTime(d);
            case "proxy_next_upstream_tries" -> {
                sink.integer(d, d.arg(0), 0, 100);
                scope.tries = d;
            }
            case "proxy_next_upstream_timeout" -> {
                sink.time(d, d.arg(0), null);
                scope.budget = d;
            }
            case "proxy_set_header" -> scope.addSetHeader(d);
            case "proxy_hide_header" -> scope.addHideHeader(d);
            case "client_max_body_size" -> {
                sink.size(d, d.arg(0), 0);
                scope.maxBody = d;
            }
            case "client_header_timeout" -> scope.headerTimeout = validTime(d);
            case "keepalive_timeout" -> scope.keepaliveTimeout = d;
            case "large_client_header_buffers" -> scope.headerBuffers = d;
            case "access_log" -> globals.accessLog(d);
            case "error_log" -> globals.errorLog(d);
            default -> sink.notHere(d);
        }
    }

    private Directive validTime(Directive d) {
        Duration t = sink.time(d, d.arg(0), null);
        if (t != null && t.isZero()) {
            sink.error(d, "\"" + d.name() + "\" directive invalid value (expected: more than 0)");
        }
        return d;
    }

    private void server(Directive block, Scope scope) {
        if (!block.isBlock() || !block.args().isEmpty()) {
            sink.error(block, block.isBlock() ? "invalid number of arguments in \"server\" directive"
                    : "directive \"server\" has no opening \"{\"");
            return;
        }
        List<Listen> listens = new ArrayList<>();
        List<Directive> names = new ArrayList<>();
        List<Directive> locations = new ArrayList<>();
        for (Directive d : block.block()) {
            if (!sink.check(d, Context.SERVER)) {
                continue;
            }
            switch (d.name()) {
                case "listen" -> {
                    Listen l = Listen.parse(d, sink);
                    if (l != null) {
                        listens.add(l);
                    }
                }
                case "server_name" -> names.add(d);
                case "location" -> locations.add(d);
                default -> level(d, scope);
            }
        }
        if (listens.isEmpty()) {
            listens.add(new Listen(new ListenAddress("0.0.0.0", 80), false, block));
            sink.note(block, Severity.APPROXIMATED, "server without listen: nginx's default *:80 (nginx itself "
                    + "uses *:8000 when not started as root)");
        }
        ServerBlock sb = new ServerBlock(block, listens, names, new ArrayList<>(), scope);
        for (Directive d : locations) {
            location(d, scope.child(), null, sb.locations());
        }
        servers.add(sb);
    }

    private void location(Directive d, Scope scope, Location parent, List<Location> out) {
        String modifier = d.args().size() == 2 ? d.arg(0) : "";
        String path = d.args().size() == 2 ? d.arg(1) : d.arg(0);
        if (modifier.isEmpty() && path.length() > 1 && (path.startsWith("=") || path.startsWith("~"))) {
            modifier = path.startsWith("~*") ? "~*" : path.substring(0, 1);
            path = path.substring(modifier.length());
        }
        switch (modifier) {
            case "", "=", "^~" -> {
            }
            case "~", "~*" -> {
                sink.unsupported(d, "location " + modifier + " " + path + ": regex locations are not supported yet");
                return;
            }
            default -> {
                sink.error(d, "invalid location modifier \"" + modifier + "\"");
                return;
            }
        }
        if (path.startsWith("@")) {
            sink.unsupported(d, "location " + path + ": named locations are not supported yet");
            return;
        }
        if (!path.startsWith("/")) {
            sink.note(d, Severity.DROPPED, "location " + path + ": never matches a request path (expected: /...)");
            return;
        }
        if (parent != null && (parent.exact() || !path.startsWith(parent.prefix()))) {
            sink.error(d, parent.exact() ? "location \"" + path + "\" cannot be inside the exact location \""
                    + parent.prefix() + "\"" : "location \"" + path + "\" is outside location \"" + parent.prefix()
                    + "\"");
            return;
        }
        boolean exact = modifier.equals("=");
        Directive passAt = null;
        List<Directive> nested = new ArrayList<>();
        for (Directive c : d.block()) {
            if (!sink.check(c, Context.LOCATION)) {
                continue;
            }
            if (c.name().equals("proxy_pass")) {
                if (passAt != null) {
                    sink.error(c, "\"proxy_pass\" directive is duplicate");
                }
                passAt = c;
            } else if (c.name().equals("location")) {
                nested.add(c);
            } else {
                level(c, scope);
            }
        }
        ProxyPass pass = null;
        if (passAt != null) {
            try {
                pass = ProxyPass.parse(passAt.arg(0));
            } catch (IllegalArgumentException e) {
                if (e.getMessage().contains("not supported")) {
                    sink.unsupported(passAt, e.getMessage());
                } else {
                    sink.error(passAt, e.getMessage());
                }
            }
        } else {
            sink.unsupported(d, "location " + (exact ? "= " : "") + path + " has no proxy_pass: serving files is "
                    + "not supported yet");
        }
        if (exact) {
            sink.note(d, Severity.APPROXIMATED, "location = " + path + ": Telltale matches it as a prefix (also "
                    + path + (path.endsWith("/") ? "..." : "/..., " + path + "x") + ")");
        }
        Location loc = new Location(d, path, exact, scope, passAt, pass);
        if (pass != null) {
            out.add(loc);
        }
        for (Directive c : nested) {
            location(c, scope.child(), loc, out);
        }
    }

    private List<RouteConfig> routes() {
        Map<ListenAddress, ServerBlock> defaults = new LinkedHashMap<>();
        for (ServerBlock s : servers) {
            for (Listen l : s.listens()) {
                if (l.defaultServer()) {
                    ServerBlock prior = defaults.putIfAbsent(l.address(), s);
                    if (prior != null && prior.listens().stream().anyMatch(p -> p.defaultServer()
                            && p.address().equals(l.address())) && prior != s) {
                        sink.error(l.at(), "a duplicate default server for " + l.address());
                    }
                }
            }
        }
        for (ServerBlock s : servers) {
            for (Listen l : s.listens()) {
                defaults.putIfAbsent(l.address(), s);
            }
        }
        Set<List<ListenAddress>> portSets = new LinkedHashSet<>();
        for (ServerBlock s : servers) {
            portSets.add(s.listens().stream().map(Listen::address).distinct().sorted(
                    java.util.Comparator.comparing(ListenAddress::toString)).toList());
        }
        if (portSets.size() > 1) {
            Directive second = servers.get(1).listens().get(0).at();
            sink.note(second, Severity.APPROXIMATED, "servers listen on different addresses: Telltale routes every "
                    + "listen address by Host and path alike");
        }
        List<RouteConfig> routes = new ArrayList<>();
        for (ServerBlock s : servers) {
            boolean isDefault = defaults.containsValue(s);
            List<String> hosts = new ArrayList<>();
            if (isDefault) {
                hosts.add(null);
            }
            List<String> named = hostNames(s);
            if (!isDefault || servers.size() > 1) {
                hosts.addAll(named);
            }
            if (hosts.isEmpty() && !s.locations().isEmpty()) {
                sink.note(s.at(), Severity.DROPPED, "server without a usable server_name that is not a default "
                        + "server: its locations are unreachable in Telltale");
            }
            for (Location loc : s.locations()) {
                ProxyHeaders.Result headers = ProxyHeaders.of(loc.scope(), loc.at(), loc.pass(), sink);
                String upstream = upstreams.resolve(loc.pass(), loc.passAt(), loc.scope());
                Timeouts timeouts = new Timeouts(time(loc.scope().connect), time(loc.scope().send),
                        time(loc.scope().read));
                String uri = loc.pass().uri();
                String strip = uri == null ? null : loc.prefix();
                String add = uri == null || uri.equals("/") && loc.prefix().endsWith("/") ? null : uri;
                for (String host : hosts) {
                    int index = routes.size();
                    origin("routes." + index + ".upstream", loc.passAt());
                    origin("routes." + index + ".timeouts.connect", loc.scope().connect);
                    origin("routes." + index + ".timeouts.send", loc.scope().send);
                    origin("routes." + index + ".timeouts.read", loc.scope().read);
                    routes.add(new RouteConfig(host, loc.prefix(), upstream, strip, headers.preserveHost(), timeouts,
                            headers.request(), headers.response(), add));
                }
            }
        }
        return routes;
    }

    private void origin(String key, Directive d) {
        if (d != null && d.file().equals(mainFile)) {
            origins.put(key, d.line());
        }
    }

    private Duration time(Directive d) {
        return d == null ? null : sink.time(d, d.arg(0), null);
    }

    /** Host matches for a server's names; nginx forms Telltale cannot match are noted. */
    private List<String> hostNames(ServerBlock s) {
        List<String> out = new ArrayList<>();
        for (Directive d : s.names()) {
            for (String raw : d.args()) {
                String n = raw.toLowerCase(Locale.ROOT);
                if (n.isEmpty() || n.equals("_")) {
                    continue; // "" matches requests without Host, "_" nothing: default-server idioms
                } else if (n.startsWith("~")) {
                    sink.note(d, Severity.DROPPED, "server_name " + raw + ": regex names are not supported yet");
                } else if (n.startsWith(".")) {
                    addOnce(out, n.substring(1));
                    addOnce(out, "*" + n);
                } else if (n.startsWith("*.") && n.indexOf('*', 1) < 0) {
                    addOnce(out, n);
                } else if (n.indexOf('*') >= 0 || n.indexOf('$') >= 0) {
                    sink.note(d, Severity.DROPPED, "server_name " + raw + ": Telltale matches exact names and *.suffix "
                            + "wildcards only");
                } else {
                    addOnce(out, n);
                }
            }
        }
        return out;
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }
}
