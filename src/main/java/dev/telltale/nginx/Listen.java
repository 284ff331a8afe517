package dev.telltale.nginx;

import dev.telltale.config.ListenAddress;
import dev.telltale.nginx.Note.Severity;

import java.util.Set;

/**
 * One {@code listen} directive: where, and whether it makes its server the default for that
 * address. A bare port or {@code *:PORT} listens on every IPv4 address ({@code 0.0.0.0}), as
 * nginx does; an address without a port takes 80.
 */
record Listen(ListenAddress address, boolean defaultServer, Directive at) {
    private static final Set<String> NO_EFFECT = Set.of("reuseport", "deferred", "bind", "backlog", "rcvbuf",
            "sndbuf", "ipv6only", "so_keepalive", "fastopen", "accept_filter", "setfib");

    /** The listen, or {@code null} after reporting why not. */
    static Listen parse(Directive d, NginxConverter.Sink sink) {
        String a = d.arg(0);
        if (a.startsWith("unix:")) {
            sink.unsupported(d, "listen " + a + ": unix sockets are not supported");
            return null;
        }
        ListenAddress address;
        try {
            address = address(a);
        } catch (IllegalArgumentException e) {
            sink.error(d, "invalid port in \"" + a + "\" of the \"listen\" directive");
            return null;
        }
        boolean isDefault = false;
        for (String p : d.args().subList(1, d.args().size())) {
            String key = p.indexOf('=') < 0 ? p : p.substring(0, p.indexOf('='));
            if (key.equals("default_server") || key.equals("default")) {
                isDefault = true;
            } else if (key.equals("ssl") || key.equals("proxy_protocol") || key.equals("quic")) {
                sink.unsupported(d, "listen " + p + ": not supported yet");
            } else if (key.equals("http2")) {
                sink.note(d, Severity.DROPPED, "listen http2: Telltale speaks HTTP/1.1 to clients");
            } else if (NO_EFFECT.contains(key)) {
                sink.note(d, Severity.NO_EFFECT, "listen " + p + ": no effect in Telltale");
            } else {
                sink.error(d, "invalid parameter \"" + p + "\"");
            }
        }
        return new Listen(address, isDefault, d);
    }

    static ListenAddress address(String a) {
        if (a.chars().allMatch(Character::isDigit)) {
            return new ListenAddress("0.0.0.0", port(a));
        }
        if (a.startsWith("*:")) {
            return new ListenAddress("0.0.0.0", port(a.substring(2)));
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            return new ListenAddress(a.substring(1, a.length() - 1), 80);
        }
        if (a.indexOf(':') < 0 || a.startsWith("[") && a.lastIndexOf(':') < a.lastIndexOf(']')) {
            return new ListenAddress(a, 80);
        }
        ListenAddress parsed = ListenAddress.parse(a);
        return new ListenAddress(parsed.host(), port(String.valueOf(parsed.port())));
    }

    private static int port(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(s);
        }
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException(s);
        }
        return p;
    }

    /** Loopback only: 127.0.0.0/8, ::1 or localhost. */
    static boolean isLoopback(ListenAddress a) {
        return a.host().startsWith("127.") || a.host().equals("::1") || a.host().equals("localhost");
    }
}
