package dev.telltale.upstream;

import dev.telltale.diagnose.FailureClassifier;
import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.UpstreamFailure;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One active health check on its own short-lived connection: {@code GET path} with
 * {@code Connection: close}, done when the response head arrives (the body is not read).
 * Everything runs on one event loop; the first of answer, failure and timeout settles it.
 */
final class HealthProbe extends ChannelInboundHandlerAdapter {
    static final String USER_AGENT = "telltale-health-check";
    /** The config key named when a check times out. */
    static final String TIMEOUT_KEY = "health_check.timeout";

    private final Server server;
    private final String path;
    private final long timeoutMs;
    private final Promise<UpstreamClient.CheckResult> result;
    private final long start = System.nanoTime();
    private ScheduledFuture<?> timer;
    private Channel channel;
    private String address;

    HealthProbe(Server server, String path, long timeoutMs, Promise<UpstreamClient.CheckResult> result) {
        this.server = server;
        this.path = path;
        this.timeoutMs = timeoutMs;
        this.result = result;
        result.addListener(f -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    /** Bounds the whole check, resolution included; call once, on the loop, before anything else. */
    void startTimer(io.netty.channel.EventLoop loop) {
        timer = loop.schedule(() -> fail(FailureClassifier.timeout(channel != null && channel.isActive()
                ? Phase.READ_HEADERS : Phase.CONNECT, where(), timeoutMs, TIMEOUT_KEY)), timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** What is left of the timeout, for the connect option; at least 1 ms. */
    long remainingMs() {
        return Math.max(1, timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    boolean done() {
        return result.isDone();
    }

    void connecting(ChannelFuture cf, String address) {
        this.address = address;
        this.channel = cf.channel();
        if (result.isDone()) {
            channel.close();
            return;
        }
        cf.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                fail(FailureClassifier.classify(f.cause(), Phase.CONNECT, address));
            }
        });
    }

    void failed(UpstreamFailure failure) {
        fail(failure);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        req.headers().set(HttpHeaderNames.HOST, server.authority())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(req).addListener((ChannelFuture w) -> {
            if (!w.isSuccess()) {
                fail(FailureClassifier.classify(w.cause(), Phase.SEND_REQUEST, where()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse r && !result.isDone()) {
                if (r.decoderResult().isFailure()) {
                    fail(FailureClassifier.invalidResponse(r.decoderResult().cause(), Phase.READ_HEADERS, false,
                            null, null));
                } else {
                    result.trySuccess(new UpstreamClient.CheckResult(r.status().code(), where(), null,
                            System.nanoTime() - start));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(FailureClassifier.classify(cause, ctx.channel().isActive() ? Phase.READ_HEADERS : Phase.CONNECT,
                where()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(FailureClassifier.closed(Phase.READ_HEADERS, where()));
    }

    private String where() {
        return address != null ? address : server.authority();
    }

    private void fail(UpstreamFailure f) {
        result.trySuccess(new UpstreamClient.CheckResult(0, where(), f, System.nanoTime() - start));
    }
}
