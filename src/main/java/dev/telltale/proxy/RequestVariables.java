package dev.telltale.proxy;

import dev.telltale.config.RequestVars;
import dev.telltale.config.Variable;
import dev.telltale.route.RequestPath;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The variables of one request (nginx's names, see {@link Variable}), read from the request
 * as the client sent it. {@code $uri} and {@code $args} follow internal redirects
 * ({@link #redirect}); everything else stays. Made only when a route's config names a variable.
 */
final class RequestVariables implements RequestVars {
    private final RequestFacts facts;
    private final HttpHeaders headers;
    private final Channel channel;
    private String uri;
    private String args;

    /**
     * @param headers the request's headers before any rewrite for the upstream
     * @param uri     {@code $uri}, the normalised path, or {@code null} when the target has none
     */
    RequestVariables(RequestFacts facts, HttpHeaders headers, Channel channel, String uri) {
        this.facts = facts;
        this.headers = headers;
        this.channel = channel;
        this.uri = uri;
        this.args = RequestPath.query(facts.uri());
    }

    /**
     * The variables of a request about to be rewritten in place: its headers are copied first,
     * so the values stay those the client sent.
     */
    static RequestVariables of(RequestFacts facts, io.netty.handler.codec.http.HttpRequest request, Channel channel) {
        return new RequestVariables(facts, request.headers().copy(), channel, RequestPath.normalise(facts.uri()));
    }

    /** The same values, with the headers copied: for a request that is about to be rewritten in place. */
    RequestVariables detached() {
        RequestVariables v = new RequestVariables(facts, headers.copy(), channel, uri);
        v.args = args;
        return v;
    }

    /** An internal redirect: {@code $uri} becomes the new path, {@code $args} its query when it has one. */
    void redirect(String newUri, String newArgs) {
        uri = newUri;
        if (newArgs != null) {
            args = newArgs;
        }
    }

    String uri() {
        return uri;
    }

    String args() {
        return args;
    }

    @Override
    public String value(Variable v) {
        return switch (v) {
            case HOST -> host();
            case HTTP_HOST -> facts.host();
            case HTTP -> null;
            case URI -> uri;
            case REQUEST_URI -> facts.uri();
            case ARGS, QUERY_STRING -> args;
            case IS_ARGS -> args == null ? "" : "?";
            case SCHEME -> "http";
            case REMOTE_ADDR -> facts.clientIp();
            case REMOTE_PORT -> port(channel.remoteAddress());
            case SERVER_PORT -> port(channel.localAddress());
            case SERVER_ADDR -> channel.localAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : null;
            case REQUEST_METHOD -> facts.method();
            case REQUEST_ID -> facts.requestId();
            case PROXY_ADD_X_FORWARDED_FOR -> {
                String xff = headers.get(Forwarder.X_FORWARDED_FOR);
                yield xff == null || xff.isEmpty() ? facts.clientIp() : xff + ", " + facts.clientIp();
            }
        };
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    /** nginx's {@code $host}: the Host header's name, lower case, without port; else the listener's address. */
    String host() {
        return hostName(facts.host(), channel);
    }

    /** {@link #host()} without the request's variables at hand: from its Host header and connection. */
    static String hostName(String hostHeader, Channel channel) {
        String h = hostHeader;
        if (h != null && !h.isEmpty()) {
            int end = h.length();
            if (h.charAt(0) == '[') {
                int close = h.indexOf(']');
                end = close < 0 ? end : close + 1;
            } else if (h.lastIndexOf(':') >= 0) {
                end = h.lastIndexOf(':');
            }
            if (end > 0) {
                return h.substring(0, end).toLowerCase(Locale.ROOT);
            }
        }
        return channel.localAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }

    private static String port(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress a ? Integer.toString(a.getPort()) : null;
    }
}
