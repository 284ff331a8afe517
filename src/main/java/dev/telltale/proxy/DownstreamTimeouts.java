package dev.telltale.proxy;

import dev.telltale.config.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The client-side clocks, before the codec: {@code client_header_timeout} from the first byte
 * of a request (or the accept) until its head is decoded, answered 408 and closed; and
 * {@code client_idle_timeout} between requests on a keep-alive connection, closed silently.
 * While a request is being proxied neither runs (upstream timeouts govern). One scheduled task
 * per wait, re-armed lazily rather than per read.
 */
final class DownstreamTimeouts extends ChannelDuplexHandler {
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 46\r\nConnection: close\r\n"
            + "Cache-Control: no-store\r\n\r\n"
            + "408 Request Timeout: the request head was slow").getBytes(StandardCharsets.US_ASCII);

    private enum Wait { HEAD, IDLE, NONE }

    private final long headerNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private Wait wait = Wait.HEAD;
    private long deadline;
    private ScheduledFuture<?> timer;

    DownstreamTimeouts(Limits limits) {
        this.headerNanos = limits.clientHeaderTimeout().toNanos();
        this.idleNanos = limits.clientIdleTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            await(Wait.HEAD, headerNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        await(Wait.HEAD, headerNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (wait == Wait.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
            await(Wait.HEAD, headerNanos); // the next request has begun
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** A request head was decoded: the proxy owns the connection's time now. */
    void requestStarted() {
        wait = Wait.NONE;
    }

    /** The response went out and the connection stays open for the next request. */
    void requestFinished() {
        await(Wait.IDLE, idleNanos);
    }

    private void await(Wait w, long nanos) {
        wait = w;
        deadline = System.nanoTime() + nanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (wait == Wait.NONE || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        if (wait == Wait.HEAD) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        wait = Wait.NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
