package dev.telltale.config;

import java.net.URI;

/**
 * One server of an upstream.
 *
 * @param url    as written, e.g. {@code http://127.0.0.1:3000}
 * @param host   host name or address literal (IPv6 without brackets)
 * @param port   port, defaulted from the scheme
 * @param tls    {@code https}
 * @param weight relative share for weighted balancing
 * @param backup used only when every non-backup server is down
 * @param maxConns requests at once to this server; 0 = unlimited (see {@link UpstreamConfig.Queue})
 */
public record UpstreamServer(String url, String host, int port, boolean tls, int weight, boolean backup,
                             int maxConns) {
    public UpstreamServer {
        Checks.range("weight", weight, 1, 1000);
        Checks.range("max_conns", maxConns, 0, 1_000_000);
    }

    /** A server without a connection limit. */
    public UpstreamServer(String url, String host, int port, boolean tls, int weight, boolean backup) {
        this(url, host, port, tls, weight, backup, 0);
    }

    public static UpstreamServer parse(String url, int weight, boolean backup) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(url + " (expected: a URL such as http://127.0.0.1:3000)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(url + " (expected: a URL such as http://127.0.0.1:3000)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(url + " (expected: scheme://host:port without a path, query or user)");
        }
        boolean tls = scheme.equals("https");
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String canonical = scheme + "://" + uri.getRawAuthority();
        return new UpstreamServer(canonical, host, port, tls, weight, backup);
    }

    /** {@code host:port} as it appears in diagnostics ({@code [::1]:3000} for IPv6). */
    public String authority() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return url;
    }
}
