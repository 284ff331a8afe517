package dev.telltale.proxy;

import dev.telltale.config.RequestVars;
import dev.telltale.config.RouteConfig;
import dev.telltale.route.RequestPath;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.util.Iterator;
import java.util.Map;

/**
 * Header rewriting in both directions (DESIGN §3), in place on the decoded message: hop-by-hop
 * headers and those named in {@code Connection} go, the {@code X-Forwarded-*} family, {@code
 * X-Real-IP} and {@code X-Request-Id} come, then the route's {@code set}/{@code remove} rules
 * (and {@code rewrite_location} and {@code add} on responses). No regex and no formatting: this runs for every request, and
 * header values that name request variables were parsed when the config was loaded.
 */
final class Forwarder {
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString REFRESH = AsciiString.cached("refresh");
    private static final AsciiString CLOSE_OPTION = HttpHeaderValues.CLOSE;

    private static final AsciiString[] HOP_BY_HOP = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
    };

    private Forwarder() {
    }

    /**
     * Turns the client's request into the upstream's: path after {@code strip_prefix} and
     * {@code add_prefix}, headers rewritten, framing restated for HTTP/1.1.
     *
     * {@code Host} is set per attempt, since it may name the server ({@code preserve_host: false}).
     *
     * @param rules    the route's request header rules, compiled
     * @param vars     the request's variables, or {@code null} when {@code rules} names none
     * @param clientIp the client's address, as text
     */
    static void rewriteRequest(HttpRequest req, RouteConfig route, HeaderPlan rules, RequestVars vars, String clientIp,
                               String requestId) {
        HttpHeaders h = req.headers();
        String[] setValues = rules.isEmpty() ? null : rules.setValues(vars); // from the headers as the client sent them
        boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        removeHopByHop(h);
        h.remove(HttpHeaderNames.EXPECT); // the proxy answers 100-continue itself
        String host = h.get(HttpHeaderNames.HOST);
        String xff = h.get(X_FORWARDED_FOR);
        h.set(X_FORWARDED_FOR, xff == null || xff.isEmpty() ? clientIp : xff + ", " + clientIp);
        h.set(X_FORWARDED_PROTO, HTTP);
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        }
        h.set(X_REAL_IP, clientIp);
        h.set(X_REQUEST_ID, requestId);
        if (chunked) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (setValues != null) {
            rules.apply(h, setValues);
        }
        String strip = route.stripPrefix();
        String add = route.addPrefix();
        if (strip != null || add != null) {
            req.setUri(rewrittenTarget(req.uri(), strip, add));
        }
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /**
     * The target after {@code strip_prefix} and {@code add_prefix}, as nginx builds it for a
     * {@code proxy_pass} with a URI part: from the normalised path ({@code %}-decoded, {@code //}
     * merged, dot segments resolved, then escaped again: {@code /api//a%2Fb} is {@code /api/a/b}),
     * the prefix replaced, then {@code ?} and {@code $args} (the query as sent) unless empty. Without either rule the target goes
     * out exactly as received, as nginx sends it without a URI part.
     */
    static String rewrittenTarget(String target, String strip, String add) {
        String path = RequestPath.escapedPath(target);
        if (path == null) {
            return target; // routing answers 400 before forwarding: an internal redirect's own target
        }
        String args = RequestPath.query(target);
        String query = args == null || args.isEmpty() ? "" : "?" + args; // nginx adds "?" for a non-empty $args
        // Compared escaped on both sides: escaping works byte by byte, so this is the decoded comparison.
        String escapedStrip = strip == null ? null : RequestPath.escape(strip);
        String rest = escapedStrip != null && path.startsWith(escapedStrip) ? path.substring(escapedStrip.length()) : path;
        if (add != null) {
            // Joined as written, as nginx joins a proxy_pass URI part and the rest of the path:
            // "/v1" + "x" is "/v1x" there too.
            return add + rest + query;
        }
        return (rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest) + query;
    }

    /**
     * Turns the upstream's response into the client's.
     *
     * @param rules       the route's response header rules, compiled
     * @param vars        the request's variables, or {@code null} when {@code rules} names none
     * @param bodyAllowed false for HEAD requests and 204/304 responses
     * @param clientKeepAlive the client connection stays open after this response
     * @return false when the response must be delimited by closing the client connection
     *         (an HTTP/1.0 client and a body of unknown length)
     */
    static boolean rewriteResponse(HttpResponse res, HeaderPlan rules, RequestVars vars, String requestId,
                                   boolean bodyAllowed, boolean clientHttp11, boolean clientKeepAlive) {
        HttpHeaders h = res.headers();
        removeHopByHop(h);
        rules.applyResponse(h, res.status().code(), vars);
        h.set(X_REQUEST_ID, requestId);
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean delimited = true;
        if (bodyAllowed && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (clientHttp11) {
                h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                delimited = false;
            }
        }
        if (!clientKeepAlive || !delimited) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientHttp11) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return delimited;
    }

    /**
     * {@code rewrite_location} (nginx's {@code proxy_redirect}) on an upstream's answer, before
     * the route's other response rules: a {@code Location} a rule rewrote to a path is made
     * absolute with the request's host and the listener's port ({@link Redirects}), as nginx makes
     * only rewritten ones absolute; the {@code url=} part of {@code Refresh} is rewritten as is.
     * Costs two header lookups when the answer has neither header, nothing without rules.
     *
     * @param hostHeader the request's Host, as sent
     */
    static void rewriteLocation(HttpHeaders h, HeaderPlan rules, String hostHeader, Channel downstream) {
        if (!rules.rewritesLocation()) {
            return;
        }
        String location = h.get(HttpHeaderNames.LOCATION);
        String rewritten = location == null ? null : rules.rewriteLocation(location, 0);
        if (rewritten != null) {
            h.set(HttpHeaderNames.LOCATION, Redirects.absolute(rewritten,
                    RequestVariables.hostName(hostHeader, downstream), downstream));
        }
        String refresh = h.get(REFRESH);
        int url = refresh == null ? -1 : urlStart(refresh);
        rewritten = url < 0 ? null : rules.rewriteLocation(refresh, url);
        if (rewritten != null) {
            h.set(REFRESH, rewritten);
        }
    }

    /** Where the URL of a {@code Refresh} value starts: after the first {@code url=}, any case; -1 if none. */
    private static int urlStart(String refresh) {
        for (int i = 0; i + 4 <= refresh.length(); i++) {
            if (refresh.regionMatches(true, i, "url=", 0, 4)) {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * Drops the hop-by-hop headers and those the {@code Connection} header names. One pass over
     * the headers finds which are present, so that a message without them (most responses from
     * a keep-alive upstream carry only {@code Connection}) costs no lookups by name; {@code close}
     * and {@code keep-alive} in {@code Connection} are options, not header names.
     */
    private static void removeHopByHop(HttpHeaders h) {
        int present = 0;
        CharSequence connection = null;
        boolean moreConnection = false;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            int i = hopByHop(e.getKey());
            if (i == 0) {
                moreConnection |= connection != null;
                connection = e.getValue();
            }
            if (i >= 0) {
                present |= 1 << i;
            }
        }
        if (present == 0) {
            return;
        }
        if (moreConnection) {
            for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
                removeNamed(h, value);
            }
        } else if (connection != null) {
            removeNamed(h, connection);
        }
        for (int i = 0; i < HOP_BY_HOP.length; i++) {
            if ((present & 1 << i) != 0) {
                h.remove(HOP_BY_HOP[i]);
            }
        }
    }

    /** Removes the headers a {@code Connection} value names, but for its options. */
    private static void removeNamed(HttpHeaders h, CharSequence value) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                String name = value.subSequence(start, i).toString().trim();
                if (!name.isEmpty() && !CLOSE_OPTION.contentEqualsIgnoreCase(name)
                        && hopByHop(name) < 0) { // a hop-by-hop name goes anyway, with its bit
                    h.remove(name);
                }
                start = i + 1;
            }
        }
    }

    /** The index of {@code name} in {@link #HOP_BY_HOP} (0 is {@code Connection}), or -1. */
    private static int hopByHop(CharSequence name) {
        for (int i = 0; i < HOP_BY_HOP.length; i++) {
            if (HOP_BY_HOP[i].contentEqualsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
