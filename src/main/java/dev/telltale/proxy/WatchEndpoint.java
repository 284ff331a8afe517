package dev.telltale.proxy;

import dev.telltale.diagnose.DetailPolicy;
import dev.telltale.diagnose.Report;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.UpstreamGroup;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /.well-known/telltale/watch/{request_id}}: whether the upstream behind a failure
 * accepts connections again, answered {@code {"up": true|false}}. The full-detail page polls it
 * (same origin, every few seconds) and reloads itself when the app is back. Only clients that
 * get full detail may ask; for others the path does not exist.
 */
final class WatchEndpoint {
    static final String PREFIX = "/.well-known/telltale/watch/";
    private static final long PROBE_TIMEOUT_MS = 500;

    private WatchEndpoint() {
    }

    static boolean matches(String uri) {
        return uri.startsWith(PREFIX);
    }

    /** Answers the watch request; the future completes when the answer is written. */
    static void answer(ChannelHandlerContext ctx, ProxyContext px, Snapshot snap, InetAddress client, String uri,
                       boolean keepAlive, Runnable then) {
        String id = uri.substring(PREFIX.length());
        Optional<Report> report = px.responder().reports().get(id);
        InetSocketAddress target = report.map(r -> target(r, snap)).orElse(null);
        if (snap.detailPolicy().viewFor(client) != DetailPolicy.View.FULL || target == null) {
            LocalReplies.write(ctx, HttpResponseStatus.NOT_FOUND, "No such watch.", null, keepAlive)
                    .addListener(f -> then.run());
            return;
        }
        px.client().probe(ctx.channel().eventLoop(), target, PROBE_TIMEOUT_MS).addListener(p -> {
            boolean up = Boolean.TRUE.equals(p.getNow());
            ChannelFuture w = LocalReplies.write(ctx, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("{\"up\":" + up + "}", StandardCharsets.US_ASCII), "application/json",
                    null, keepAlive);
            w.addListener(f -> then.run());
        });
    }

    /** The attempted address, or for a failure without one the upstream's first server. */
    private static InetSocketAddress target(Report r, Snapshot snap) {
        String a = r.address();
        if (a != null) {
            int colon = a.lastIndexOf(':');
            String host = a.substring(0, colon);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(a.substring(colon + 1)));
            } catch (Exception e) { // an ip:port we wrote ourselves; literal, so no lookup happens
                return null;
            }
        }
        UpstreamGroup g = snap.upstreams().get(r.upstreamName());
        if (g == null) {
            return null;
        }
        for (Server s : g.servers()) {
            if (s.literalAddress() != null) {
                return s.literalAddress();
            }
        }
        return null;
    }
}
