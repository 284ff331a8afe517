package dev.telltale.nginx;

import dev.telltale.config.ErrorPage;
import dev.telltale.config.HeaderAdd;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.StaticConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.nginx.NginxConverter.Action;
import dev.telltale.nginx.NginxConverter.Location;
import dev.telltale.nginx.NginxConverter.ServerBlock;
import dev.telltale.nginx.Note.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The routes of every server, in nginx's terms: each location is bound to its server's names
 * ({@code match.host}) and, unless every server listens on the same addresses, to each of its
 * server's {@code listen} addresses ({@code match.listen}); a default server's locations also
 * answer any host on the addresses it is default for. A server without {@code location /} gets a
 * catch-all route so a path none of its locations matches stays with it (nginx answers it from
 * the server's level: its {@code return}, files under its {@code root}, else 404) instead of
 * falling through to another server's routes. Named locations become routes with a {@code name}
 * and no match.
 */
final class Routes {
    private final NginxConverter.Sink sink;
    private final Upstreams upstreams;
    private final LocalAnswers answers;
    private final String mainFile;
    private final Map<String, Integer> origins;
    private final List<RouteConfig> routes = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Where one server's routes are reachable: a listener ({@code null}: all) and a host ({@code null}: any). */
    private record Binding(ListenAddress listen, String host) {
    }

    /** A route's settings before it is bound. */
    private record Template(String name, PathMatch match, String upstream, String strip, String add,
                            boolean preserveHost, Timeouts timeouts, HeaderRules request, HeaderRules response,
                            ReturnConfig returns, StaticConfig files, List<ErrorPage> errorPages, Action action,
                            Scope scope) {
    }

    Routes(NginxConverter.Sink sink, Upstreams upstreams, LocalAnswers answers, String mainFile,
           Map<String, Integer> origins) {
        this.sink = sink;
        this.upstreams = upstreams;
        this.answers = answers;
        this.mainFile = mainFile;
        this.origins = origins;
    }

    List<RouteConfig> build(List<ServerBlock> servers) {
        Map<ListenAddress, ServerBlock> defaults = defaults(servers);
        Set<ListenAddress> all = new LinkedHashSet<>();
        servers.forEach(s -> s.listens().forEach(l -> all.add(l.address())));
        for (ServerBlock s : servers) {
            server(s, bindings(s, servers, defaults, all));
        }
        return routes;
    }

    /** The server each address's requests go to when no server_name matches. */
    private Map<ListenAddress, ServerBlock> defaults(List<ServerBlock> servers) {
        Map<ListenAddress, ServerBlock> defaults = new LinkedHashMap<>();
        for (ServerBlock s : servers) {
            for (Listen l : s.listens()) {
                if (l.defaultServer()) {
                    ServerBlock prior = defaults.putIfAbsent(l.address(), s);
                    if (prior != null && prior != s) {
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
        return defaults;
    }

    private List<Binding> bindings(ServerBlock s, List<ServerBlock> servers, Map<ListenAddress, ServerBlock> defaults,
                                   Set<ListenAddress> all) {
        Set<ListenAddress> own = new LinkedHashSet<>();
        s.listens().forEach(l -> own.add(l.address()));
        Set<ListenAddress> defaultAt = new LinkedHashSet<>();
        own.stream().filter(a -> defaults.get(a) == s).forEach(defaultAt::add);
        boolean everywhere = own.equals(all);
        List<ListenAddress> listens = everywhere ? java.util.Collections.singletonList(null) : List.copyOf(own);
        List<Binding> out = new ArrayList<>();
        if (everywhere && defaultAt.equals(all)) {
            out.add(new Binding(null, null));
        } else {
            defaultAt.forEach(a -> out.add(new Binding(a, null)));
        }
        List<String> hosts = ServerNames.of(s.names(), sink);
        // A server that is the default wherever it listens, with no other server there, answers
        // every host: its names would only repeat its routes.
        boolean alone = defaultAt.equals(own) && servers.stream().noneMatch(o -> o != s
                && o.listens().stream().anyMatch(l -> own.contains(l.address())));
        if (!alone) {
            for (ListenAddress a : listens) {
                hosts.forEach(h -> out.add(new Binding(a, h)));
            }
        }
        if (out.isEmpty()) {
            sink.note(s.at(), Severity.DROPPED, "server without a usable server_name that is not a default server: "
                    + "its locations are unreachable in Telltale");
        }
        return out;
    }

    private void server(ServerBlock s, List<Binding> bindings) {
        Map<String, String> named = new LinkedHashMap<>();
        for (Location loc : s.locations()) {
            if (loc.name() != null && !named.containsKey(loc.name())) {
                String unique = loc.name();
                for (int i = 2; names.contains(unique); i++) {
                    unique = loc.name() + "_" + i;
                }
                names.add(unique);
                named.put(loc.name(), unique);
            } else if (loc.name() != null) {
                sink.error(loc.at(), "duplicate location \"@" + loc.name() + "\"");
            }
        }
        UnaryOperator<String> ref = n -> named.containsKey(n.substring(1)) ? "@" + named.get(n.substring(1)) : null;
        if (s.own().returnAt() != null) {
            if (!s.locations().isEmpty()) {
                sink.note(s.own().returnAt(), Severity.DROPPED, "return at the server level answers every request: "
                        + "the server's locations are never used");
            }
            Template t = template(null, PathMatch.ROOT, s.own(), s.scope(), s.at(), ref);
            bind(t, bindings);
            return;
        }
        boolean hasRoot = false;
        // nginx tries the regexes nested in the locations it descended into before those around
        // them: deepest first (a nested regex is guarded to the paths where nginx looks at it)
        List<Location> ordered = new ArrayList<>(s.locations());
        ordered.sort(Comparator.comparingInt(l -> l.match() != null && l.match().kind() == PathMatch.Kind.REGEX
                ? -l.depth() : 0));
        Set<String> paths = new HashSet<>();
        for (Location loc : s.locations()) {
            if (loc.match() != null && loc.match().kind() != PathMatch.Kind.REGEX) {
                paths.add(loc.match().value());
            }
        }
        for (Location loc : ordered) {
            Template t = template(loc.name() == null ? null : named.get(loc.name()), loc.match(), loc.action(),
                    loc.scope(), loc.at(), ref);
            if (t != null && loc.name() != null) {
                add(t, new Binding(null, null));
            } else if (t != null) {
                bind(t, bindings);
                bind(autoRedirect(loc, paths), bindings);
            }
            hasRoot |= loc.match() != null && loc.match().kind() == PathMatch.Kind.PREFIX
                    && loc.match().value().equals("/");
        }
        if (!hasRoot) {
            bind(catchAll(s, ref), bindings);
        }
    }

    /**
     * nginx's {@code auto_redirect}: a prefix or exact location ending in {@code /} whose content
     * is {@code proxy_pass} answers the path without that slash with a 301 to it, query kept,
     * before any regex is tried, unless a location of that very path exists. {@code null} when
     * it does not apply.
     */
    private Template autoRedirect(Location loc, Set<String> paths) {
        PathMatch m = loc.match();
        if (loc.action().pass() == null || m.kind() == PathMatch.Kind.REGEX || m.value().length() < 2
                || !m.value().endsWith("/")) {
            return null;
        }
        String path = m.value().substring(0, m.value().length() - 1);
        if (paths.contains(path) || Variables.any(path)) {
            return null; // a location answers it; a path with "$" would read as a variable in Location
        }
        return local(null, PathMatch.exact(path), new ReturnConfig(301, m.value() + "$is_args$args", null, null),
                null, answers.addHeaders(loc.scope()), List.of(), loc.action(), loc.scope());
    }

    /** What nginx does with a path none of the server's locations matches. */
    private Template catchAll(ServerBlock s, UnaryOperator<String> ref) {
        if (s.own().tryFilesAt() != null || s.scope().root != null) {
            return template(null, PathMatch.ROOT, s.own(), s.scope(), s.at(), ref);
        }
        sink.note(s.at(), Severity.APPROXIMATED, "server without location /: a path none of its locations matches "
                + "gets 404 (nginx looks for a file under " + LocalAnswers.DEFAULT_ROOT + " in the prefix)");
        Action notFound = new Action(null, null, null, null, null);
        return new Template(null, PathMatch.ROOT, null, null, null, true, Timeouts.NONE, HeaderRules.NONE,
                new HeaderRules(Map.of(), List.of(), answers.addHeaders(s.scope())), new ReturnConfig(404, null, null,
                null), null, answers.errorPages(s.scope(), false, ref), notFound, s.scope());
    }

    /** A location's route before binding, or {@code null} after reporting why there is none. */
    private Template template(String name, PathMatch match, Action a, Scope scope, Directive at,
                              UnaryOperator<String> ref) {
        List<HeaderAdd> adds = answers.addHeaders(scope);
        if (a.returnAt() != null) {
            ReturnConfig r = answers.returns(a.returnAt(), scope);
            return r == null ? null : local(name, match, r, null, adds, answers.errorPages(scope, false, ref), a, scope);
        }
        if (a.pass() == null) {
            StaticConfig files = answers.files(at, scope, a.aliasAt(), a.tryFilesAt(),
                    match != null && match.kind() == PathMatch.Kind.REGEX, ref);
            return files == null ? null : local(name, match, null, files, adds, answers.errorPages(scope, false, ref),
                    a, scope);
        }
        ProxyPass pass = a.pass();
        ProxyHeaders.Result headers = ProxyHeaders.of(scope, at, pass, sink);
        String upstream = upstreams.resolve(pass, a.passAt(), scope);
        Timeouts timeouts = new Timeouts(time(scope.connect), time(scope.send), time(scope.read));
        String strip = null;
        String add = pass.uri();
        if (!pass.requestUri() && pass.uri() != null) {
            strip = match.value();
            add = pass.uri().equals("/") && strip.endsWith("/") ? null : pass.uri();
        }
        HeaderRules response = new HeaderRules(Map.of(), headers.response().remove(), adds,
                ProxyHeaders.redirects(scope, match, a.passAt(), pass, sink));
        return new Template(name, match, upstream, strip, add, headers.preserveHost(), timeouts, headers.request(),
                response, null, null, answers.errorPages(scope, true, ref), a, scope);
    }

    private static Template local(String name, PathMatch match, ReturnConfig r, StaticConfig files,
                                  List<HeaderAdd> adds, List<ErrorPage> pages, Action a, Scope scope) {
        return new Template(name, match, null, null, null, true, Timeouts.NONE, HeaderRules.NONE,
                new HeaderRules(Map.of(), List.of(), adds), r, files, pages, a, scope);
    }

    private void bind(Template t, List<Binding> bindings) {
        if (t != null) {
            bindings.forEach(b -> add(t, b));
        }
    }

    private void add(Template t, Binding b) {
        int index = routes.size();
        if (t.upstream() != null) {
            origin("routes." + index + ".upstream", t.action().passAt());
            origin("routes." + index + ".timeouts.connect", t.scope().connect);
            origin("routes." + index + ".timeouts.send", t.scope().send);
            origin("routes." + index + ".timeouts.read", t.scope().read);
        }
        routes.add(new RouteConfig(t.name(), b.host(), b.listen(), t.match(), t.upstream(), t.strip(),
                t.preserveHost(), t.timeouts(), t.request(), t.response(), t.add(), t.returns(), t.files(),
                t.errorPages()));
    }

    private void origin(String key, Directive d) {
        if (d != null && d.file().equals(mainFile)) {
            origins.put(key, d.line());
        }
    }

    private Duration time(Directive d) {
        return d == null ? null : sink.time(d, d.arg(0), null);
    }
}
