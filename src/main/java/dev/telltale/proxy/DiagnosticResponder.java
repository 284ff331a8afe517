package dev.telltale.proxy;

import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.DetailPolicy;
import dev.telltale.diagnose.Format;
import dev.telltale.diagnose.Hints;
import dev.telltale.diagnose.ProblemRenderer;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.ReportStore;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.upstream.Server;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * Answers a failed exchange before response headers went out: status, {@code Proxy-Status}, a
 * body for the client's {@code Accept} at the client's detail level; files the report under the
 * request id. Cheap by design: a 502 storm must not be the slow path, so the only extra work is
 * one loopback probe, and only for a refused connect to a loopback address.
 */
public final class DiagnosticResponder {
    static final AsciiString PROXY_STATUS = AsciiString.cached("proxy-status");
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final long PROBE_TIMEOUT_MS = 250;

    private final ExchangeEvents events;
    private final ReportStore reports;
    private static final AsciiString HTML_TYPE = AsciiString.cached(ProblemRenderer.HTML_TYPE);
    private static final AsciiString JSON_TYPE = AsciiString.cached(ProblemRenderer.JSON_TYPE);
    private static final AsciiString TEXT_TYPE = AsciiString.cached(ProblemRenderer.TEXT_TYPE);
    private static final AsciiString HTML_CSP = AsciiString.cached(ProblemRenderer.HTML_CONTENT_SECURITY_POLICY);

    private final ProblemRenderer renderer = new ProblemRenderer();
    private final ReportParts parts = new ReportParts();

    public DiagnosticResponder(ExchangeEvents events, ReportStore reports) {
        this.events = events;
        this.reports = reports;
    }

    public ReportStore reports() {
        return reports;
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
        ChannelHandlerContext ctx = e.ctx();
        ChannelPromise done = ctx.newPromise();
        ReportParts.Loopback other = f.cause() == Cause.REFUSED ? parts.loopback(lastAddress(e)) : null;
        if (other == null) {
            finish(e, f, Hints.Observations.NONE, done);
            return done;
        }
        Future<Boolean> probe = e.px().client().probeRecent(ctx.channel().eventLoop(), other.other(),
                PROBE_TIMEOUT_MS);
        if (probe.isDone()) {
            finish(e, f, other.seen(probe.getNow()), done); // a recent answer: every failure of a storm but one
        } else {
            probe.addListener(p -> finish(e, f, other.seen(probe.getNow()), done));
        }
        return done;
    }

    private void finish(Exchange e, UpstreamFailure f, Hints.Observations seen, ChannelPromise done) {
        Report r = report(e, f, false, seen);
        reports.put(r);
        events.reported(r);
        DetailPolicy.View view = e.snap.detailPolicy().viewFor(e.clientAddress());
        Format format = Format.fromAccept(e.facts.accept());
        ByteBuf body = renderer.renderBody(r, view, format, e.ctx().alloc());
        int length = body.readableBytes();
        // Every value below is a constant, a number, an escaped sf-string or a request id
        // (checked on arrival, RequestIds): header validation would only repeat that.
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), body, false);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType(format));
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        h.set(PROXY_STATUS, renderer.proxyStatusHeader(r, view));
        h.set(Forwarder.X_REQUEST_ID, r.requestId());
        h.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        if (format == Format.HTML) {
            h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, HTML_CSP);
        }
        if (!e.keepClientAfterFailure()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        e.bytesSent(length);
        e.ctx().writeAndFlush(res, done);
    }

    private static AsciiString contentType(Format format) {
        return format == Format.HTML ? HTML_TYPE : format == Format.JSON ? JSON_TYPE : TEXT_TYPE;
    }

    /** Files the report of a failure after response headers went out (the client was cut off). */
    void abort(Exchange e, UpstreamFailure f) {
        Report r = report(e, f, true, Hints.Observations.NONE);
        reports.put(r);
        events.reported(r);
    }

    /** The 404 text: which routes exist for trusted clients, nothing internal for others. */
    String noRoute(Snapshot snap, InetAddress client, String host, String path) {
        if (snap.detailPolicy().viewFor(client) != DetailPolicy.View.FULL) {
            return "No route matches this request.";
        }
        StringBuilder sb = new StringBuilder("No route matches host '").append(host == null ? "" : host)
                .append("' and path '").append(path).append("'. Routes:");
        snap.routes().routes().forEach(r -> sb.append("\n  ").append(r.config().describe()).append(" -> ")
                .append(r.config().upstream()));
        return sb.toString();
    }

    Report report(Exchange e, UpstreamFailure f, boolean headersSent, Hints.Observations seen) {
        List<Attempt> attempts = e.attempts;
        Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        String address = last == null ? null : last.address();
        Server server = e.server();
        String host = server == null ? null : server.config().host();
        var t = e.timing();
        // The hints, config facts, route text and server states are shared with the reports of
        // the same server's other failures (ReportParts, Hints): a stored report holds only the
        // request's own values beside them.
        return new Report(e.requestId(), Instant.ofEpochMilli(e.startEpochMillis()), e.client(), e.method(), e.uri(),
                e.host(), f, e.status(), parts.route(e), e.upstream(), last == null ? null : last.server(), address, t,
                attempts, Hints.of(f, address, host, seen), parts.configFacts(e, f), headersSent,
                parts.serverStates(e));
    }

    private static String lastAddress(Exchange e) {
        return e.attempts.isEmpty() ? null : e.attempts.get(e.attempts.size() - 1).address();
    }

    /** {@code [::1]:P} for {@code 127.x.x.x:P} and the reverse; {@code null} otherwise. */
    static InetSocketAddress otherLoopback(String address) {
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException ex) {
            return null;
        }
        if (address.startsWith("127.")) {
            return new InetSocketAddress(NetUtil.LOCALHOST6, port);
        }
        if (address.startsWith("[::1]:")) {
            return new InetSocketAddress(NetUtil.LOCALHOST4, port);
        }
        return null;
    }
}
