package dev.telltale.proxy;

import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.ConfigFact;
import dev.telltale.diagnose.DetailPolicy;
import dev.telltale.diagnose.Format;
import dev.telltale.diagnose.Hints;
import dev.telltale.diagnose.ProblemRenderer;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.ReportStore;
import dev.telltale.diagnose.ServerState;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.upstream.Server;
import io.netty.buffer.Unpooled;
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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
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
    private final ProblemRenderer renderer = new ProblemRenderer();

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
        InetSocketAddress other = f.cause() == Cause.REFUSED ? otherLoopback(lastAddress(e)) : null;
        if (other == null) {
            finish(e, f, Hints.Observations.NONE, done);
        } else {
            e.px().client().probeRecent(ctx.channel().eventLoop(), other, PROBE_TIMEOUT_MS).addListener(p ->
                    finish(e, f, new Hints.Observations((Boolean) p.getNow(), authority(other)), done));
        }
        return done;
    }

    private void finish(Exchange e, UpstreamFailure f, Hints.Observations seen, ChannelPromise done) {
        Report r = report(e, f, false, seen);
        reports.put(r);
        events.reported(r);
        DetailPolicy.View view = e.snap.detailPolicy().viewFor(e.clientAddress());
        ProblemRenderer.Rendered page = renderer.render(r, view, Format.fromAccept(e.facts.accept()));
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(page.body()));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, page.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, page.body().length);
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        h.set(PROXY_STATUS, renderer.proxyStatusHeader(r, view));
        h.set(Forwarder.X_REQUEST_ID, r.requestId());
        h.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        if (page.contentType().equals(ProblemRenderer.HTML_TYPE)) {
            h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, ProblemRenderer.HTML_CONTENT_SECURITY_POLICY);
        }
        if (!e.keepClientAfterFailure()) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        e.bytesSent(page.body().length);
        e.ctx().writeAndFlush(res).addListener(w -> {
            if (w.isSuccess()) {
                done.setSuccess();
            } else {
                done.setFailure(w.cause());
            }
        });
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
        return new Report(e.requestId(), Instant.ofEpochMilli(e.startEpochMillis()), e.client(), e.method(), e.uri(),
                e.host(), f, e.status(), e.route(), e.upstream(), last == null ? null : last.server(), address, t,
                attempts, Hints.of(f, address, host, seen), configFacts(e, f), headersSent, serverStates(e));
    }

    private static List<ServerState> serverStates(Exchange e) {
        List<ServerState> states = new ArrayList<>(e.upstream.servers().size());
        for (Server s : e.upstream.servers()) {
            states.add(s.state());
        }
        return states;
    }

    /** The configured values that bear on {@code f}, with the file line that set each. */
    static List<ConfigFact> configFacts(Exchange e, UpstreamFailure f) {
        List<ConfigFact> facts = new ArrayList<>(2);
        ConfigOrigins origins = e.snap.config().origins();
        String key = f.timeoutKey();
        if (key == null && (f.cause() == Cause.REFUSED || f.cause() == Cause.UNREACHABLE || f.cause() == Cause.TLS
                || f.cause() == Cause.DNS)) {
            key = "timeouts.connect";
        }
        if (key != null && key.startsWith("timeouts.")) {
            var override = e.route.config().timeouts();
            boolean byRoute = switch (key) {
                case "timeouts.connect" -> override.connect() != null;
                case "timeouts.send" -> override.send() != null;
                default -> override.read() != null;
            };
            String chosen = byRoute ? "routes." + e.route.index() + "." + key
                    : "upstreams." + e.upstream.name() + "." + key;
            String origin = origins.file() == null ? "built-in config" : origins.of(chosen).orElse(null);
            facts.add(new ConfigFact(chosen, e.timeoutSetting(key), origin));
        }
        return facts;
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

    private static String authority(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "[" + (ip.equals("0:0:0:0:0:0:0:1") ? "::1" : ip) + "]:" + a.getPort()
                : ip + ":" + a.getPort();
    }
}
