package dev.telltale.nginx;

import dev.telltale.config.AdminConfig;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ResolverConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ServerConfig;
import dev.telltale.nginx.Directives.Context;
import dev.telltale.nginx.Note.Severity;
import dev.telltale.nginx.Scope.ListKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed nginx config into Telltale's {@link Config}, with nginx's semantics and nginx's
 * defaults where the file is silent. Each {@code location} becomes a route (per server name and,
 * when servers listen on different addresses, per listen address) that proxies
 * ({@code proxy_pass}), answers ({@code return}) or serves files ({@code root}, {@code alias},
 * {@code try_files}); see {@link Routes}. Anything Telltale does not do is an error with its
 * line, or with {@code lenient} a {@link Severity#DROPPED} note; differences are
 * {@link Severity#APPROXIMATED} notes.
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
    private final Path prefix;
    private final Reports reports;
    private final List<NginxError> errors;
    private final Sink sink;
    private final Upstreams upstreams;
    private final Globals globals;
    private final List<ServerBlock> servers = new ArrayList<>();
    private Directive pid;

    /**
     * One {@code location}, flattened out of its nesting.
     *
     * @param match  how it matches the path; {@code null} for a named location
     * @param name   the name of a named location, without {@code @}, or {@code null}
     * @param action what answers: {@code proxy_pass}, {@code return} (which wins) or neither (files)
     */
    /** A location; {@code depth} 0 at the server level, 1 inside one location, ... */
    record Location(Directive at, PathMatch match, String name, Scope scope, Action action, int depth) {
    }

    /** The directives of a location that decide what answers it; each may be {@code null}. */
    record Action(Directive passAt, ProxyPass pass, Directive returnAt, Directive aliasAt, Directive tryFilesAt) {
    }

    record ServerBlock(Directive at, List<Listen> listens, List<Directive> names, List<Location> locations,
                       Scope scope, Action own) {
    }

    private NginxConverter(String mainFile, Path prefix, boolean lenient) {
        this.mainFile = mainFile;
        this.prefix = prefix;
        this.reports = new Reports(lenient);
        this.errors = reports.errors;
        this.sink = reports;
        this.upstreams = new Upstreams(sink);
        this.globals = new Globals(sink, prefix);
    }

    /** {@link #convert(List, String, Path, boolean)} with the prefix {@link #defaultPrefix} of {@code mainFile}. */
    public static NginxConversion convert(List<Directive> ast, String mainFile, boolean lenient)
            throws NginxConfigException {
        return convert(ast, mainFile, defaultPrefix(Path.of(mainFile)), lenient);
    }

    /**
     * @param ast      what {@link NginxParser} read
     * @param mainFile the config file as the user named it, for file-level errors and origins
     * @param prefix   nginx's {@code -p}: relative {@code root}, {@code alias}, log and pid paths are
     *                 resolved against it
     * @param lenient  unsupported directives become dropped notes instead of errors
     * @throws NginxConfigException with every error found
     */
    public static NginxConversion convert(List<Directive> ast, String mainFile, Path prefix, boolean lenient)
            throws NginxConfigException {
        return new NginxConverter(mainFile, prefix.toAbsolutePath().normalize(), lenient).run(ast);
    }

    /**
     * The prefix when {@code -p} is not given: the config file's directory, or its parent when that
     * directory is named {@code conf} (nginx's own layout, {@code PREFIX/conf/nginx.conf}).
     */
    public static Path defaultPrefix(Path config) {
        Path dir = config.toAbsolutePath().normalize().getParent();
        if (dir == null) {
            return Path.of("").toAbsolutePath();
        }
        return dir.getFileName() != null && dir.getFileName().toString().equals("conf") && dir.getParent() != null
                ? dir.getParent() : dir;
    }

    private NginxConversion run(List<Directive> ast) throws NginxConfigException {
        Directive http = null;
        for (Directive d : ast) {
            if (!sink.check(d, Context.MAIN)) {
                continue;
            }
            switch (d.name()) {
                case "http" -> {
                    if (http != null) {
                        sink.error(d, "\"http\" directive is duplicate");
                    } else {
                        http = d;
                    }
                }
                case "error_log" -> globals.errorLog(d);
                case "pid" -> {
                    if (pid != null) {
                        sink.error(d, "\"pid\" directive is duplicate");
                    }
                    pid = d;
                }
                default -> sink.notHere(d);
            }
        }
        if (http == null) {
            throw fail("no \"http\" block in " + mainFile + " (expected: http { server { location / { proxy_pass "
                    + "http://127.0.0.1:3000; } } })");
        }
        http(http);
        if (servers.isEmpty() && errors.isEmpty()) {
            throw fail("no \"server\" block in " + mainFile + ": nothing for Telltale to serve");
        }
        Map<String, Integer> origins = new LinkedHashMap<>();
        List<RouteConfig> routes = new Routes(sink, upstreams, new LocalAnswers(sink, prefix), mainFile, origins)
                .build(servers);
        var ups = upstreams.build();
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
            return new NginxConversion(config, reports.notes, pid == null ? null : prefix.resolve(pid.arg(0)));
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
        boolean single = switch (n) {
            case "proxy_set_header", "proxy_hide_header", "proxy_redirect", "proxy_pass_header", "access_log", "error_log",
                 "add_header", "error_page", "index", "log_format" -> false;
            default -> true;
        };
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
            case "proxy_set_header" -> scope.add(ListKind.SET_HEADER, d);
            case "proxy_hide_header" -> scope.add(ListKind.HIDE_HEADER, d);
            case "proxy_redirect" -> scope.add(ListKind.REDIRECT, d);
            case "add_header" -> scope.add(ListKind.ADD_HEADER, d);
            case "error_page" -> scope.add(ListKind.ERROR_PAGE, d);
            case "index" -> scope.add(ListKind.INDEX, d);
            case "root" -> scope.root = d;
            case "default_type" -> {
                scope.defaultType = d;
                sink.note(d, Severity.APPROXIMATED, "default_type " + d.arg(0) + ": the Content-Type of return "
                        + "texts; files of unknown type get Telltale's own default");
            }
            case "client_max_body_size" -> {
                sink.size(d, d.arg(0), 0);
                scope.maxBody = d;
            }
            case "client_header_timeout" -> scope.headerTimeout = validTime(d);
            case "keepalive_timeout" -> scope.keepaliveTimeout = d;
            case "large_client_header_buffers" -> scope.headerBuffers = d;
            case "access_log" -> globals.accessLog(d);
            case "error_log" -> globals.errorLog(d);
            case "log_format" -> globals.logFormat(d);
            case "proxy_pass_header", "proxy_http_version", "proxy_buffering", "proxy_request_buffering" ->
                    ProxyHeaders.tuning(d, sink);
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
        Directive returnAt = null;
        Directive tryFilesAt = null;
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
                case "return" -> returnAt = firstReturn(returnAt, d);
                case "try_files" -> tryFilesAt = once(tryFilesAt, d);
                default -> level(d, scope);
            }
        }
        if (listens.isEmpty()) {
            listens.add(new Listen(new ListenAddress("0.0.0.0", 80), false, block));
            sink.note(block, Severity.APPROXIMATED, "server without listen: nginx's default *:80 (nginx itself "
                    + "uses *:8000 when not started as root)");
        }
        ServerBlock sb = new ServerBlock(block, listens, names, new ArrayList<>(), scope,
                new Action(null, null, returnAt, null, tryFilesAt));
        for (Directive d : locations) {
            location(d, scope.child(), null, sb.locations(), "", locations);
        }
        servers.add(sb);
    }

    /** nginx runs the first {@code return} of a level; any later one is never reached. */
    private Directive firstReturn(Directive first, Directive d) {
        if (first == null) {
            return d;
        }
        sink.note(d, Severity.DROPPED, "return: never reached (the return on line " + first.line() + " answers first)");
        return first;
    }

    private Directive once(Directive first, Directive d) {
        if (first != null) {
            sink.error(d, "\"" + d.name() + "\" directive is duplicate");
            return first;
        }
        return d;
    }

    /** A location's modifier ({@code ""}, {@code =}, {@code ^~}, {@code ~}, {@code ~*}) and path, as nginx splits them. */
    private static String[] head(Directive d) {
        String modifier = d.args().size() == 2 ? d.arg(0) : "";
        String path = d.args().size() == 2 ? d.arg(1) : d.arg(0);
        if (modifier.isEmpty() && path.length() > 1 && (path.startsWith("=") || path.startsWith("~"))) {
            modifier = path.startsWith("~*") ? "~*" : path.substring(0, 1);
            path = path.substring(modifier.length());
        }
        return new String[] {modifier, path};
    }

    /**
     * One location and those nested in it. {@code guard} is where nginx looks into this level
     * ({@code ""} at the server level, see {@link Regexes#guard}); {@code siblings} are the
     * location directives of this level, {@code d} included.
     */
    private void location(Directive d, Scope scope, Location parent, List<Location> out, String guard,
                          List<Directive> siblings) {
        String[] head = head(d);
        String modifier = head[0];
        String path = head[1];
        String name = null;
        PathMatch match;
        switch (modifier) {
            case "" -> {
                if (path.startsWith("@")) {
                    name = path.substring(1);
                }
                match = name != null ? null : path.startsWith("/") ? PathMatch.prefix(path, false) : null;
            }
            case "^~" -> match = path.startsWith("/") ? PathMatch.prefix(path, true) : null;
            case "=" -> match = path.startsWith("/") ? PathMatch.exact(path) : null;
            case "~", "~*" -> {
                String regex = Regexes.convert(d, path, sink);
                if (regex == null) {
                    return;
                }
                match = PathMatch.regex(guard.isEmpty() ? regex : Regexes.nested(guard, regex), modifier.equals("~*"));
            }
            default -> {
                sink.error(d, "invalid location modifier \"" + modifier + "\"");
                return;
            }
        }
        if (name != null && (parent != null || !name.matches("[A-Za-z0-9_-]+"))) {
            if (parent != null) {
                sink.error(d, "named location \"" + path + "\" can be on the server level only");
            } else {
                sink.unsupported(d, "location " + path + ": Telltale names routes with letters, digits, _ and -");
            }
            return;
        }
        if (name == null && match == null) {
            sink.note(d, Severity.DROPPED, "location " + path + ": never matches a request path (expected: /...)");
            return;
        }
        if (parent != null && !nestable(d, path, match, parent)) {
            return;
        }
        Directive passAt = null;
        Directive returnAt = null;
        Directive aliasAt = null;
        Directive tryFilesAt = null;
        List<Directive> nested = new ArrayList<>();
        for (Directive c : d.block()) {
            if (!sink.check(c, Context.LOCATION)) {
                continue;
            }
            switch (c.name()) {
                case "proxy_pass" -> passAt = once(passAt, c);
                case "return" -> returnAt = firstReturn(returnAt, c);
                case "alias" -> aliasAt = once(aliasAt, c);
                case "try_files" -> tryFilesAt = once(tryFilesAt, c);
                case "location" -> nested.add(c);
                default -> level(c, scope);
            }
        }
        if (aliasAt != null && scope.atLevel("root")) {
            sink.error(aliasAt, "\"alias\" directive is duplicate, \"root\" directive was specified earlier");
        }
        ProxyPass pass = passAt == null ? null : proxyPass(passAt, match);
        if (returnAt != null && passAt != null) {
            sink.note(passAt, Severity.DROPPED, "proxy_pass: never runs (return on line " + returnAt.line()
                    + " answers first)");
            pass = null;
            passAt = null;
        }
        if (tryFilesAt != null && passAt != null && returnAt == null) {
            sink.unsupported(tryFilesAt, "try_files in a location with proxy_pass is not supported (nginx proxies "
                    + "whichever URI try_files picks)");
            tryFilesAt = null;
        }
        Location loc = new Location(d, match, name, scope,
                new Action(passAt, pass, returnAt, aliasAt, tryFilesAt), parent == null ? 0 : parent.depth() + 1);
        if (passAt == null || pass != null) {
            out.add(loc);
        }
        if (nested.isEmpty() || match == null || match.kind() == PathMatch.Kind.EXACT) {
            nested.forEach(c -> location(c, scope.child(), loc, out, guard, nested)); // errors
            return;
        }
        if (match.kind() == PathMatch.Kind.REGEX) {
            String inner = guard + Regexes.matching(match.value(), match.ignoreCase());
            nested.forEach(c -> location(c, scope.child(), loc, out, inner, nested));
            return;
        }
        List<String> longer = new ArrayList<>();
        for (Directive sibling : siblings) {
            String[] h = head(sibling);
            if (sibling != d && (h[0].isEmpty() || h[0].equals("^~")) && h[1].length() > path.length()
                    && h[1].startsWith(path)) {
                longer.add(h[1]);
            }
        }
        String inner = Regexes.guard(guard, path, longer);
        for (Directive c : nested) {
            location(c, scope.child(), loc, out, inner, nested);
        }
    }

    /** Whether a nested location can sit inside {@code parent}, as nginx checks it. */
    private boolean nestable(Directive d, String path, PathMatch match, Location parent) {
        String outer = parent.at().args().size() == 2 ? parent.at().arg(0) + " " + parent.at().arg(1)
                : parent.at().arg(0);
        if (parent.name() != null) {
            sink.error(d, "location \"" + path + "\" cannot be inside the named location \"@" + parent.name() + "\"");
            return false;
        }
        PathMatch.Kind kind = parent.match().kind();
        if (kind == PathMatch.Kind.EXACT) {
            sink.error(d, "location \"" + path + "\" cannot be inside the exact location \"" + parent.match().value()
                    + "\"");
            return false;
        }
        if (match.kind() == PathMatch.Kind.REGEX) {
            if (parent.match().skipRegex()) {
                sink.note(d, Severity.APPROXIMATED, "location " + path + " inside location " + outer + ": "
                        + "Telltale's skip_regex also skips it (nginx tries the regexes nested in a ^~ location)");
            }
            return true;
        }
        if (kind == PathMatch.Kind.REGEX) {
            sink.error(d, "location \"" + path + "\" cannot be inside the regex location \"" + outer + "\"");
            return false;
        }
        if (!path.startsWith(parent.match().value())) {
            sink.error(d, "location \"" + path + "\" is outside location \"" + parent.match().value() + "\"");
            return false;
        }
        return true;
    }

    private ProxyPass proxyPass(Directive passAt, PathMatch match) {
        try {
            ProxyPass pass = ProxyPass.parse(passAt.arg(0));
            if (pass.uri() != null && !pass.requestUri() && (match == null
                    || match.kind() == PathMatch.Kind.REGEX)) {
                sink.error(passAt, "\"proxy_pass\" cannot have URI part in location given by regular expression, "
                        + "or inside named location, or inside \"if\" statement, or inside \"limit_except\" block");
                return null;
            }
            if (pass.requestUri()) {
                sink.note(passAt, Severity.APPROXIMATED, "proxy_pass ..." + "$request_uri: Telltale forwards the "
                        + "request URI as received" + (pass.uri() == null ? "" : ", after " + pass.uri()));
            }
            return pass;
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("not supported")) {
                sink.unsupported(passAt, e.getMessage());
            } else {
                sink.error(passAt, e.getMessage());
            }
            return null;
        }
    }
}
