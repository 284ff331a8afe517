package dev.telltale.proxy;

import dev.telltale.config.ListenAddress;
import dev.telltale.route.Route;
import dev.telltale.route.RouteTable;
import dev.telltale.upstream.UpstreamGroup;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The last downstream handler: turns each request into an {@link Exchange}, one at a time in
 * arrival order (pipelined requests wait in the {@code FlowControlHandler} before this one),
 * and answers what the proxy answers itself (refused requests, no route); {@code return} and
 * {@code static} routes go to a {@link LocalExchange}.
 */
final class ProxyHandler extends ChannelDuplexHandler {
    /** User event: the proxy is shutting down; close when idle. */
    static final Object DRAIN = new Object();

    private final ProxyContext px;
    private final DownstreamTimeouts timeouts;
    /** The listener that accepted the connection, for routes with {@code match.listen}; null if unknown. */
    private final ListenAddress listener;
    private ChannelHandlerContext ctx;
    private Exchange current;
    /** The request being answered by the proxy itself ({@code return}, {@code static}), or {@code null}. */
    private LocalExchange local;
    private String clientIp;
    private boolean answeringLocally;
    private ProgressTimer progressTimer;

    ProxyHandler(ProxyContext px, DownstreamTimeouts timeouts, ListenAddress listener) {
        this.px = px;
        this.timeouts = timeouts;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        clientIp = remote == null ? "-" : remote.getAddress().getHostAddress();
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RejectedRequest r) {
            timeouts.requestStarted();
            answeringLocally = true;
            LocalReplies.write(ctx, r.status(), r.reason(), RequestIds.generate(), false)
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof HttpRequest req) {
            timeouts.requestStarted();
            request(req);
        } else if (msg instanceof HttpContent c) {
            if (current != null) {
                current.requestContent(c);
            } else if (local != null) {
                local.requestContent(c);
            } else {
                // The body of a request answered locally: skip it, then read on.
                boolean last = c instanceof LastHttpContent;
                c.release();
                if (last) {
                    answeringLocally = false;
                }
                ctx.read();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(HttpRequest req) {
        long startNanos = System.nanoTime();
        String clientId = req.headers().get(Forwarder.X_REQUEST_ID);
        String requestId = clientId != null && RequestIds.acceptable(clientId) ? clientId : RequestIds.generate();
        String host = req.headers().get(HttpHeaderNames.HOST);
        RequestFacts facts = new RequestFacts(startNanos, System.currentTimeMillis(), requestId, clientIp,
                req.method().name(), req.uri(), req.protocolVersion().text(), host,
                req.headers().get(HttpHeaderNames.USER_AGENT), req.headers().get(HttpHeaderNames.REFERER),
                req.headers().get(HttpHeaderNames.ACCEPT), req.protocolVersion().equals(HttpVersion.HTTP_1_1));
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !"100-continue".equalsIgnoreCase(expect.trim())) {
            local(req, HttpResponseStatus.EXPECTATION_FAILED, "Only 'Expect: 100-continue' is supported.", requestId);
            return;
        }
        Snapshot snap = px.snapshot();
        if (WatchEndpoint.matches(req.uri())) {
            boolean keepAlive = HttpUtil.isKeepAlive(req) && !px.draining();
            answeringLocally = true;
            WatchEndpoint.answer(ctx, px, snap, clientAddress(), req.uri(), keepAlive, () -> {
                if (!keepAlive) {
                    ctx.close();
                } else {
                    timeouts.requestFinished();
                    ctx.read();
                }
            });
            return;
        }
        Route route = snap.routes().match(listener, host, req.uri());
        if (route == RouteTable.INVALID_PATH) { // nginx's 400 for a path it cannot normalise
            local(req, HttpResponseStatus.BAD_REQUEST, "The request path is invalid (bad %-escape, %00, or .. "
                    + "above /).", requestId);
            return;
        }
        if (route == null) {
            local(req, HttpResponseStatus.NOT_FOUND, px.responder().noRoute(snap, clientAddress(), host, req.uri()),
                    requestId);
            return;
        }
        px.inFlightCounter().incrementAndGet();
        px.metrics().requestStarted();
        if (route.config().upstream() == null) {
            local = new LocalExchange(this, ctx, px, snap, facts, req, listener);
            local.start(route);
            return;
        }
        startExchange(snap, facts, req, route, null);
    }

    private void startExchange(Snapshot snap, RequestFacts facts, HttpRequest req, Route route,
                               RequestVariables vars) {
        UpstreamGroup upstream = snap.upstreams().get(route.config().upstream());
        current = new Exchange(this, ctx, px, snap, facts, req, route, upstream, vars);
        current.start();
    }

    /** The send/read timer of this connection's exchanges, made by the first one. */
    ProgressTimer progressTimer() {
        if (progressTimer == null) {
            progressTimer = new ProgressTimer(ctx.executor());
        }
        return progressTimer;
    }

    /** A local answer redirected (try_files, error_pages) to a route with an upstream: forward the request. */
    void handOver(LocalExchange from, Route route, RequestVariables vars) {
        if (local != from) {
            return;
        }
        local = null;
        startExchange(from.snapshot(), from.facts(), from.request(), route, vars);
    }

    /** The local answer is written and the request body consumed (or the connection is to close). */
    void localDone(LocalExchange l, boolean keepAlive) {
        if (local != l) {
            return;
        }
        local = null;
        if (!keepAlive || px.draining() || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        timeouts.requestFinished();
        ctx.read();
    }

    private void local(HttpRequest req, HttpResponseStatus status, String text, String requestId) {
        boolean hasBody = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
        boolean keepAlive = HttpUtil.isKeepAlive(req) && !hasBody && !px.draining();
        answeringLocally = true;
        LocalReplies.write(ctx, status, text, requestId, keepAlive).addListener(f -> {
            if (!keepAlive || !f.isSuccess()) {
                ctx.close();
            } else {
                timeouts.requestFinished();
                ctx.read(); // the (empty) end of the body, then the next request
            }
        });
    }

    java.net.InetAddress clientAddress() {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    /** The exchange answered; the connection takes the next request or closes. */
    void exchangeDone(Exchange e, boolean keepAlive) {
        if (current != e) {
            return;
        }
        finished(e);
        if (!keepAlive || px.draining() || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        timeouts.requestFinished();
        ctx.read();
    }

    /** The exchange ended without a complete response (client gone, or aborted mid-body). */
    void exchangeAborted(Exchange e) {
        if (current != e) {
            return;
        }
        finished(e);
        ctx.close();
    }

    private void finished(Exchange e) {
        current = null;
        px.inFlightCounter().decrementAndGet();
        px.metrics().requestCompleted(e.status(), e.elapsedNanos(), e.upstream.metrics());
        px.events().completed(e);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null && ctx.channel().isWritable()) {
            current.downstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientClosed();
        }
        if (local != null) {
            local.clientClosed();
        }
        if (progressTimer != null) {
            progressTimer.stop();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DRAIN) {
            if (current == null && local == null && !answeringLocally) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Client resets are traffic, not bugs; anything else closes the connection too.
        if (!(cause instanceof IOException)) {
            org.slf4j.LoggerFactory.getLogger(ProxyHandler.class).warn("downstream error: {}", cause.toString());
        }
        ctx.close();
    }
}
