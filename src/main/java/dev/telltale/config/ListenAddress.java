package dev.telltale.config;

/**
 * A {@code host:port} the proxy or the admin plane binds to. IPv6 hosts are written in
 * brackets ({@code [::]:8080}); {@link #host()} holds them without brackets.
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: an address such as 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** Parses {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code localhost:80}. */
    public static ListenAddress parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(text + " (expected: host:port, e.g. 127.0.0.1:8080 or [::]:8080)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(text + " (expected: IPv6 addresses in brackets, e.g. [::1]:8080)");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " (expected: host:port with a numeric port)");
        }
        return new ListenAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
