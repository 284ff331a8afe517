package dev.telltale.proxy;

import dev.telltale.metrics.ProxyMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code server.limits.max_connections}: a connection over the limit is closed as soon as it is
 * accepted, before anything is read from it. Shared by every downstream channel.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final ProxyMetrics metrics;

    ConnectionLimiter(int max, ProxyMetrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            ctx.pipeline().remove(this); // not counted, so channelInactive must not uncount it
            ctx.channel().close();
            return;
        }
        metrics.downstreamConnectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        metrics.downstreamConnectionClosed();
        ctx.fireChannelInactive();
    }
}
