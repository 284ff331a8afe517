package dev.telltale.proxy;

import dev.telltale.config.Limits;
import dev.telltale.config.ListenAddress;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.AttributeKey;

/**
 * The client-side pipeline, in order:
 * <ol>
 *   <li>{@value #LIMIT} — {@code max_connections}, checked at accept;</li>
 *   <li>{@value #TIMEOUTS} — {@code client_header_timeout} (408) and {@code client_idle_timeout};</li>
 *   <li>{@value #CODEC} — HTTP/1.1 with {@code max_header_bytes} (431);</li>
 *   <li>{@value #GUARD} — smuggling patterns and bad requests (400), declared bodies over
 *       {@code max_body_bytes} (413);</li>
 *   <li>{@value #FLOW} — one decoded message per read, so pipelined requests wait their turn;</li>
 *   <li>{@value #PROXY} — one {@link Exchange} per request.</li>
 * </ol>
 * Auto-read is off on these channels: the proxy handler reads when it can use what it reads.
 * One initializer serves every listener; each accepted channel carries its listener's
 * configured address in {@link #LISTENER} (a {@code childAttr} of the listener's bootstrap),
 * which routes with {@code match.listen} are chosen by.
 */
public final class DownstreamChannelInitializer extends ChannelInitializer<Channel> {
    public static final String LIMIT = "limit";
    public static final String TIMEOUTS = "timeouts";
    public static final String CODEC = "codec";
    public static final String GUARD = "guard";
    public static final String FLOW = "flow";
    public static final String PROXY = "proxy";
    /** The {@code server.listen} address, as configured, that accepted the channel. */
    public static final AttributeKey<ListenAddress> LISTENER = AttributeKey.valueOf("telltale.listener");

    private final ProxyContext px;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;

    public DownstreamChannelInitializer(ProxyContext px, int maxConnections, ChannelGroup channels) {
        this.px = px;
        this.limiter = new ConnectionLimiter(maxConnections, px.metrics());
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel ch) {
        Limits limits = px.snapshot().config().server().limits();
        DownstreamTimeouts timeouts = new DownstreamTimeouts(limits);
        ch.pipeline()
                .addLast(LIMIT, limiter)
                .addLast(TIMEOUTS, timeouts)
                .addLast(CODEC, new DownstreamCodec(limits))
                .addLast(GUARD, new RequestGuard(limits))
                .addLast(FLOW, new FlowControlHandler())
                .addLast(PROXY, new ProxyHandler(px, timeouts, ch.attr(LISTENER).get()));
        channels.add(ch);
    }
}
