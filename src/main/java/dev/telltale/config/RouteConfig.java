package dev.telltale.config;

import java.util.List;

/**
 * One entry of {@code routes}. A route is chosen by listener, host and path (see
 * {@code RouteTable} for the order, which is nginx's), then does one of three things: forward to
 * an {@code upstream}, answer by itself ({@code return}) or serve files ({@code static}).
 *
 * @param name            {@code name}: lets {@code try_files} and {@code error_pages} reach it as
 *                        {@code @name} (nginx's named location), or {@code null}
 * @param host            {@code match.host}: exact, {@code *.example.com}, {@code www.example.*},
 *                        {@code ~regex}, or {@code null} for any host
 * @param listen          {@code match.listen}: only requests accepted on this one of {@code server.listen},
 *                        or {@code null} for every listener
 * @param path            how the path matches; {@code null} only for a route reachable by name alone
 * @param upstream        the name of an entry in {@link Config#upstreams()} (URL shorthands are turned
 *                        into an upstream named by the URL by the loader), or {@code null} when the route
 *                        has {@code returns} or {@code files}
 * @param stripPrefix     removed from the start of the path before forwarding, or {@code null}
 * @param preserveHost    send the client's Host (true) or the upstream server's authority (false)
 * @param timeouts        per-route overrides; null fields inherit from the upstream
 * @param addPrefix       {@code add_prefix}: put before the path once {@code strip_prefix} is removed,
 *                        joined as written (nginx's {@code proxy_pass} URI part), or {@code null}
 * @param returns         {@code return}: the route's fixed answer, or {@code null}
 * @param files           {@code static}: the files the route serves, or {@code null}
 * @param errorPages      {@code error_pages}, for answers the route makes itself; empty when none
 */
public record RouteConfig(String name, String host, ListenAddress listen, PathMatch path, String upstream,
                          String stripPrefix, boolean preserveHost, Timeouts timeouts, HeaderRules requestHeaders,
                          HeaderRules responseHeaders, String addPrefix, ReturnConfig returns, StaticConfig files,
                          List<ErrorPage> errorPages) {

    /** A prefix route to an upstream, as routes were before {@code return} and {@code static}. */
    public RouteConfig(String host, String pathPrefix, String upstream, String stripPrefix, boolean preserveHost,
                       Timeouts timeouts, HeaderRules requestHeaders, HeaderRules responseHeaders, String addPrefix) {
        this(null, host, null, PathMatch.prefix(pathPrefix == null ? "/" : pathPrefix, false), upstream,
                stripPrefix, preserveHost, timeouts, requestHeaders, responseHeaders, addPrefix, null, null, null);
    }

    /** A prefix route to an upstream without {@code add_prefix}. */
    public RouteConfig(String host, String pathPrefix, String upstream, String stripPrefix, boolean preserveHost,
                       Timeouts timeouts, HeaderRules requestHeaders, HeaderRules responseHeaders) {
        this(host, pathPrefix, upstream, stripPrefix, preserveHost, timeouts, requestHeaders, responseHeaders, null);
    }

    public RouteConfig {
        if (name != null && !name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("name: " + name + " (expected: letters, digits, _ and -; "
                    + "referred to as @" + name.replaceFirst("^@", "") + ")");
        }
        if (path == null && name == null) {
            path = PathMatch.ROOT;
        }
        if (host != null) {
            HostForm.of(host);
        }
        if (stripPrefix != null && !stripPrefix.startsWith("/")) {
            throw new IllegalArgumentException("strip_prefix: " + stripPrefix + " (expected: a path starting with /)");
        }
        if (addPrefix != null && !addPrefix.startsWith("/")) {
            throw new IllegalArgumentException("add_prefix: " + addPrefix + " (expected: a path starting with /)");
        }
        int actions = (upstream != null ? 1 : 0) + (returns != null ? 1 : 0) + (files != null ? 1 : 0);
        if (actions == 0) {
            throw new IllegalArgumentException("upstream: missing (expected: upstream, return or static)");
        }
        if (actions > 1) {
            throw new IllegalArgumentException((returns != null ? "return" : "static") + ": set alongside "
                    + (upstream != null ? "upstream" : "return") + " (expected: one of upstream, return or static)");
        }
        if (upstream == null && (stripPrefix != null || addPrefix != null)) {
            throw new IllegalArgumentException((stripPrefix != null ? "strip_prefix: " + stripPrefix
                    : "add_prefix: " + addPrefix) + " (expected: only on a route with an upstream)");
        }
        if (files != null && files.alias() != null && (path == null || path.kind() == PathMatch.Kind.REGEX)) {
            throw new IllegalArgumentException("alias: " + files.alias() + " (expected: on a route with "
                    + "path_prefix or path; with path_regex use root)");
        }
        if (timeouts == null) {
            timeouts = Timeouts.NONE;
        }
        if (requestHeaders == null) {
            requestHeaders = HeaderRules.NONE;
        }
        if (responseHeaders == null) {
            responseHeaders = HeaderRules.NONE;
        }
        errorPages = errorPages == null ? List.of() : List.copyOf(errorPages);
    }

    /** The prefix of a {@code path_prefix} route, or {@code null} for other kinds. */
    public String pathPrefix() {
        return path != null && path.kind() == PathMatch.Kind.PREFIX ? path.value() : null;
    }

    /** How the route reads in diagnostics: {@code api.example.com/api/}, {@code ~ \.php$} or {@code @app}. */
    public String describe() {
        if (path == null) {
            return "@" + name;
        }
        String p = path.kind() == PathMatch.Kind.PREFIX && !path.skipRegex() ? path.value() : " " + path.describe();
        return (host == null ? "" : host) + (host == null ? p.strip() : p);
    }
}
