package dev.telltale.config;

/**
 * One entry of {@code routes}. Routes are matched by host (exact, {@code *.example.com}, or
 * {@code null} = any), then by longest {@code pathPrefix}.
 *
 * @param host         {@code match.host}, or {@code null} for any host
 * @param pathPrefix   {@code match.path_prefix}; {@code "/"} when absent
 * @param upstream     the name of an entry in {@link Config#upstreams()} (URL shorthands are
 *                     turned into an upstream named by the URL by the loader)
 * @param stripPrefix  removed from the start of the path before forwarding, or {@code null}
 * @param preserveHost send the client's Host (true) or the upstream server's authority (false)
 * @param timeouts     per-route overrides; null fields inherit from the upstream
 * @param addPrefix    {@code add_prefix}: put before the path once {@code strip_prefix} is removed,
 *                     joined as written (nginx's {@code proxy_pass} URI part), or {@code null}
 */
public record RouteConfig(String host, String pathPrefix, String upstream, String stripPrefix,
                          boolean preserveHost, Timeouts timeouts, HeaderRules requestHeaders,
                          HeaderRules responseHeaders, String addPrefix) {

    /** A route without {@code add_prefix}. */
    public RouteConfig(String host, String pathPrefix, String upstream, String stripPrefix, boolean preserveHost,
                       Timeouts timeouts, HeaderRules requestHeaders, HeaderRules responseHeaders) {
        this(host, pathPrefix, upstream, stripPrefix, preserveHost, timeouts, requestHeaders, responseHeaders, null);
    }

    public RouteConfig {
        if (pathPrefix == null) {
            pathPrefix = "/";
        }
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("path_prefix: " + pathPrefix + " (expected: a path starting with /)");
        }
        if (stripPrefix != null && !stripPrefix.startsWith("/")) {
            throw new IllegalArgumentException("strip_prefix: " + stripPrefix + " (expected: a path starting with /)");
        }
        if (addPrefix != null && !addPrefix.startsWith("/")) {
            throw new IllegalArgumentException("add_prefix: " + addPrefix + " (expected: a path starting with /)");
        }
        Checks.required("upstream", upstream);
        if (timeouts == null) {
            timeouts = Timeouts.NONE;
        }
        if (requestHeaders == null) {
            requestHeaders = HeaderRules.NONE;
        }
        if (responseHeaders == null) {
            responseHeaders = HeaderRules.NONE;
        }
    }

    /** How the route reads in diagnostics: {@code api.example.com/api/} or {@code /}. */
    public String describe() {
        return (host == null ? "" : host) + pathPrefix;
    }
}
