package dev.telltale.nginx;

import java.util.Locale;

/**
 * The argument of {@code proxy_pass}: {@code http://host[:port][/uri]}.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   a host name, an address (IPv6 without brackets) or an upstream block's name
 * @param port   the port as written, or -1 when absent
 * @param uri    the URI part ({@code /}, {@code /v1/}), or {@code null} when there is none: then
 *               nginx passes the request URI unchanged, else it replaces the part matched by the
 *               location with it
 * @param requestUri the URI part ended in {@code $request_uri}: nginx then sends {@code uri} followed
 *                   by the request URI as received, so nothing is stripped and {@code uri} (possibly
 *                   {@code null}) is put before the path
 */
record ProxyPass(String scheme, String host, int port, String uri, boolean requestUri) {
    private static final String REQUEST_URI = "$request_uri";

    /** @throws IllegalArgumentException with nginx's wording, or "...not supported..." */
    static ProxyPass parse(String arg) {
        if (arg.endsWith(REQUEST_URI) && arg.indexOf('$') == arg.length() - REQUEST_URI.length()) {
            ProxyPass p = parse(arg.substring(0, arg.length() - REQUEST_URI.length()));
            return new ProxyPass(p.scheme, p.host, p.port, p.uri, true);
        }
        if (arg.indexOf('$') >= 0) {
            throw new IllegalArgumentException("proxy_pass " + arg + ": variables are not supported (except "
                    + "$request_uri at the end)");
        }
        int sep = arg.indexOf("://");
        String scheme = sep < 0 ? "" : arg.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("invalid URL prefix in \"" + arg + "\"");
        }
        String rest = arg.substring(sep + 3);
        if (rest.startsWith("unix:")) {
            throw new IllegalArgumentException("proxy_pass to a unix socket is not supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String uri = slash < 0 ? null : rest.substring(slash);
        String host = authority;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port in upstream \"" + authority + "\"");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid port in upstream \"" + authority + "\"");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || authority.indexOf('@') >= 0 || authority.indexOf('?') >= 0) {
            throw new IllegalArgumentException("no host in upstream \"" + arg.substring(sep + 3) + "\"");
        }
        return new ProxyPass(scheme, host.toLowerCase(Locale.ROOT), port, uri, false);
    }

    int effectivePort() {
        return port > 0 ? port : scheme.equals("https") ? 443 : 80;
    }

    /** {@code http://127.0.0.1:3000}: a server URL as Telltale writes it. */
    String serverUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + effectivePort();
    }
}
