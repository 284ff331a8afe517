package dev.telltale.proxy;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * Redirect locations made absolute as nginx makes them with {@code absolute_redirect on} and
 * {@code server_name_in_redirect off}: {@code http://}, the request's host name ({@code $host}),
 * the listener's port unless 80, then the path. Shared by {@code return}, directory redirects and
 * {@code rewrite_location}, so every redirect Telltale writes names the same origin.
 */
final class Redirects {
    private Redirects() {
    }

    /**
     * @param location   a location; made absolute only when it starts with {@code /}
     * @param hostName   {@code $host}: the Host header's name without port, or the listener's address
     * @param downstream the client connection, whose local port is the listener's
     * @return {@code location} itself, or made absolute
     */
    static String absolute(String location, String hostName, Channel downstream) {
        if (location == null || !location.startsWith("/")) {
            return location;
        }
        String host = hostName;
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = downstream.localAddress() instanceof InetSocketAddress a ? a.getPort() : 80;
        return "http://" + host + (port == 80 ? "" : ":" + port) + location;
    }
}
