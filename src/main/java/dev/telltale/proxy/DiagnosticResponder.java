package dev.telltale.proxy;

import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.Durations;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.ConfigFact;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.Timing;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.route.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a failed exchange before response headers went out: status, {@code Proxy-Status},
 * a body for the client's {@code Accept} at the client's detail level; and files the report.
 */
public final class DiagnosticResponder {
    private final ExchangeEvents events;

    public DiagnosticResponder(ExchangeEvents events) {
        this.events = events;
    }

    /** 502; timeouts per {@code diagnostics.timeout_status}; the proxy's own limits 503. */
    static int statusFor(UpstreamFailure f, DiagnosticsConfig diagnostics) {
        return switch (f.cause()) {
            case TIMEOUT -> diagnostics.timeoutStatus();
            case OVERLOADED -> 503;
            default -> 502;
        };
    }

    ChannelFuture respond(Exchange e, UpstreamFailure f) {
        Report r = report(e, f, false);
        events.reported(r);
        ByteBuf body = Unpooled.copiedBuffer(r.status() + " " + f.cause().title() + "\ncause: "
                + f.cause().wireName() + "\nrequest_id: " + r.requestId() + "\n", java.nio.charset.StandardCharsets.UTF_8);
        io.netty.handler.codec.http.DefaultFullHttpResponse res = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Proxy-Status", "telltale; error=" + f.proxyStatus().wireName())
                .set(Forwarder.X_REQUEST_ID, r.requestId());
        if (!e.keepClientAfterFailure()) {
            res.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
        e.bytesSent(body.readableBytes());
        return e.ctx().writeAndFlush(res);
    }

    void abort(Exchange e, UpstreamFailure f) {
        events.reported(report(e, f, true));
    }

    String noRoute(Snapshot snap, InetAddress client) {
        return "No route matches this request.";
    }

    Report report(Exchange e, UpstreamFailure f, boolean headersSent) {
        var last = e.attempts.isEmpty() ? null : e.attempts.get(e.attempts.size() - 1);
        Timing t = new Timing(e.durationMs(), e.connectMs(), null, e.ttfbMs());
        return new Report(e.requestId(), Instant.ofEpochMilli(e.startEpochMillis()), e.client(), e.method(), e.uri(),
                e.host(), f, e.status(), e.route(), e.upstream(), last == null ? null : last.server(),
                last == null ? null : last.address(), t, e.attempts, List.of(), configFacts(e, f), headersSent);
    }

    /** The configured values that bear on {@code f}, with the file line that set each. */
    List<ConfigFact> configFacts(Exchange e, UpstreamFailure f) {
        List<ConfigFact> facts = new ArrayList<>(2);
        ConfigOrigins origins = e.snap.config().origins();
        if (f.timeoutKey() != null && f.timeoutKey().startsWith("timeouts.")) {
            String field = f.timeoutKey().substring("timeouts.".length());
            String routeKey = "routes." + e.route.index() + "." + f.timeoutKey();
            String upstreamKey = "upstreams." + e.upstream.name() + "." + f.timeoutKey();
            String key = origins.of(routeKey).isPresent() ? routeKey : upstreamKey;
            facts.add(new ConfigFact(key, e.timeoutSetting(f.timeoutKey()), origins.of(key).orElse(null)));
        }
        return facts;
    }
}
