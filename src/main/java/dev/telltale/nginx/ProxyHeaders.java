package dev.telltale.nginx;

import dev.telltale.config.HeaderRules;
import dev.telltale.config.LocationRewrite;
import dev.telltale.config.PathMatch;
import dev.telltale.nginx.Note.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A location's {@code proxy_set_header} and {@code proxy_hide_header} lists as Telltale's
 * {@code preserve_host} and header rules. nginx sends {@code Host: $proxy_host} unless told
 * otherwise, so {@code preserve_host} is false by default here, unlike in Telltale's YAML.
 */
final class ProxyHeaders {
    /** Headers Telltale already sends as nginx would with these values. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "x-real-ip", "$remote_addr",
            "x-forwarded-for", "$proxy_add_x_forwarded_for",
            "x-forwarded-proto", "$scheme",
            "x-forwarded-host", "$http_host",
            "x-request-id", "$request_id");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade");

    record Result(boolean preserveHost, HeaderRules request, HeaderRules response) {
    }

    private ProxyHeaders() {
    }

    static Result of(Scope scope, Directive location, ProxyPass pass, NginxConverter.Sink sink) {
        Boolean preserveHost = null;
        Map<String, String> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        for (Directive d : scope.setHeaders) {
            String name = d.arg(0);
            String lower = name.toLowerCase(Locale.ROOT);
            String value = d.arg(1);
            if (lower.equals("host")) {
                preserveHost = host(d, value, pass, sink);
            } else if (HOP_BY_HOP.contains(lower)) {
                sink.note(d, Severity.DROPPED, "proxy_set_header " + name + ": hop-by-hop headers are not passed"
                        + (lower.equals("upgrade") || lower.equals("connection") ? " (WebSocket upgrades are not "
                        + "proxied yet)" : ""));
            } else if (value.equals(BUILT_IN.get(lower))) {
                continue; // Telltale sends exactly this already
            } else if (Variables.unsupported(value).isPresent()) {
                sink.unsupported(d, "proxy_set_header " + name + " " + value + ": "
                        + Variables.why(Variables.unsupported(value).get()));
            } else if (!isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                sink.error(d, "invalid header in \"proxy_set_header\" directive");
            } else if (value.isEmpty()) {
                remove.add(name); // nginx: an empty value means the header is not passed
            } else {
                set.put(name, Variables.plain(value));
            }
        }
        if (preserveHost == null) {
            sink.note(location, Severity.APPROXIMATED, "no proxy_set_header Host: nginx sends Host: $proxy_host, "
                    + "so preserve_host is false (Telltale sends the server's host:port"
                    + (pass.port() < 0 ? ", nginx " + pass.host() : "") + ")");
            preserveHost = false;
        }
        List<String> hide = new ArrayList<>();
        for (Directive d : scope.hideHeaders) {
            if (!isToken(d.arg(0))) {
                sink.error(d, "invalid header in \"proxy_hide_header\" directive");
            } else {
                hide.add(d.arg(0));
            }
        }
        return new Result(preserveHost, new HeaderRules(set, remove), new HeaderRules(Map.of(), hide));
    }

    private static boolean host(Directive d, String value, ProxyPass pass, NginxConverter.Sink sink) {
        switch (value) {
            case "$http_host":
                return true;
            case "$host":
                sink.note(d, Severity.APPROXIMATED, "proxy_set_header Host $host: Telltale passes the client's Host "
                        + "as received, port included ($http_host)");
                return true;
            case "$proxy_host":
                if (pass.port() < 0) {
                    sink.note(d, Severity.APPROXIMATED, "proxy_set_header Host $proxy_host: Telltale sends the "
                            + "server's host:port, nginx \"" + pass.host() + "\"");
                }
                return false;
            default:
                sink.note(d, Severity.APPROXIMATED, "proxy_set_header Host " + value + ": Telltale sends either the "
                        + "client's Host or the server's host:port; using the server's");
                return false;
        }
    }

    /**
     * The proxy directives that tune how nginx talks to upstreams, which Telltale does one way:
     * accepted and noted, values checked as nginx checks them.
     */
    static void tuning(Directive d, NginxConverter.Sink sink) {
        String v = d.arg(0);
        switch (d.name()) {
            case "proxy_pass_header" -> sink.note(d, Severity.NO_EFFECT, "proxy_pass_header " + v + ": Telltale "
                    + "passes every upstream header that proxy_hide_header does not name (nginx hides Date, Server, "
                    + "X-Pad and X-Accel-* by default)");
            case "proxy_http_version" -> {
                if (!v.equals("1.0") && !v.equals("1.1")) {
                    sink.error(d, "invalid value \"" + v + "\" in \"proxy_http_version\" directive");
                } else {
                    sink.note(d, v.equals("1.1") ? Severity.NO_EFFECT : Severity.APPROXIMATED, "proxy_http_version "
                            + v + ": Telltale speaks HTTP/1.1 with keep-alive to upstreams");
                }
            }
            default -> {
                if (!v.equals("on") && !v.equals("off")) {
                    sink.error(d, "invalid value \"" + v + "\" in \"" + d.name() + "\" directive, it must be "
                            + "\"on\" or \"off\"");
                } else {
                    sink.note(d, v.equals("off") ? Severity.NO_EFFECT : Severity.APPROXIMATED, d.name() + " " + v
                            + ": Telltale streams bodies in both directions without buffering them");
                }
            }
        }
    }

    /**
     * The location's {@code proxy_redirect} rules as {@code rewrite_location}. Without any,
     * nginx's implicit {@code proxy_redirect default}: the {@code proxy_pass} URL as written
     * becomes the location's prefix, or, when it has no URI part, {@code URL/} becomes
     * {@code /}; none when {@code proxy_pass} ends in {@code $request_uri} (nginx has no default
     * for a URL with variables). {@code off} means none.
     */
    static List<LocationRewrite> redirects(Scope scope, PathMatch match, Directive passAt, ProxyPass pass,
                                           NginxConverter.Sink sink) {
        if (scope.redirects.isEmpty()) {
            return pass.requestUri() ? List.of() : List.of(redirectDefault(match, passAt, pass));
        }
        List<LocationRewrite> out = new ArrayList<>();
        for (Directive d : scope.redirects) {
            String from = d.arg(0);
            if (d.args().size() == 1 && (from.equals("off") || from.equals("false"))) {
                if (scope.redirects.size() > 1) {
                    sink.error(d, "\"proxy_redirect\" directive is duplicate");
                }
                return List.of();
            } else if (d.args().size() == 1 && from.equals("default")) {
                if (pass.requestUri()) {
                    sink.error(d, "\"proxy_redirect default\" cannot be used with \"proxy_pass\" directive with "
                            + "variables");
                } else if (!d.file().equals(passAt.file()) || d.line() < passAt.line()) {
                    sink.error(d, "\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive");
                } else {
                    out.add(redirectDefault(match, passAt, pass));
                }
            } else if (d.args().size() == 1) {
                sink.error(d, "invalid parameter \"" + from + "\"");
            } else if (from.startsWith("~")) {
                sink.unsupported(d, "proxy_redirect " + from + " " + d.arg(1) + ": regular expressions are not "
                        + "supported (expected: a literal start of the Location)");
            } else if (Variables.any(from) || Variables.any(d.arg(1))) {
                sink.unsupported(d, "proxy_redirect " + from + " " + d.arg(1) + ": variables are not supported");
            } else if (from.isEmpty()) {
                sink.error(d, "invalid parameter \"\"");
            } else {
                out.add(new LocationRewrite(from, d.arg(1)));
            }
        }
        return out;
    }

    private static LocationRewrite redirectDefault(PathMatch match, Directive passAt, ProxyPass pass) {
        String url = passAt.arg(0);
        // a regex or named location has no URI part (nginx refuses one), so only prefixes get here with one
        return pass.uri() != null ? new LocationRewrite(url, match.value()) : new LocationRewrite(url + "/", "/");
    }

    static boolean isToken(String s) {
        return !s.isEmpty() && s.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    }
}
