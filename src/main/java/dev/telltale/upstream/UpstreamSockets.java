package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.util.Collection;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Opens {@link UpstreamClient}'s connections: the client socket channel with its options, and
 * the TLS client context, built only when some upstream uses {@code https}.
 */
final class UpstreamSockets {
    private final Transport transport;
    /** Built by {@link #prepareTls} (or the fallback in {@link #newTlsHandler}); null until then. */
    private volatile SslContext tls;

    UpstreamSockets(Transport transport) {
        this.transport = transport;
    }

    /** See {@link UpstreamClient#prepareTls}. */
    void prepareTls(Collection<UpstreamConfig> upstreams) {
        if (tls == null && upstreams.stream().anyMatch(u -> u.servers().stream().anyMatch(UpstreamServer::tls))) {
            tlsContext();
        }
    }

    boolean tlsReady() {
        return tls != null;
    }

    private synchronized SslContext tlsContext() {
        SslContext c = tls;
        if (c == null) {
            try {
                c = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot create the TLS client context: " + e.getMessage(), e);
            }
            tls = c;
        }
        return c;
    }

    /** A TLS handler for {@code server}'s host name, verifying it like a browser would. */
    SslHandler newTlsHandler(Channel ch, Server server) {
        // prepareTls built the context before any https server could be used; building it here,
        // on the loop, is only the fallback for a caller that did not.
        SslContext c = tls;
        SslHandler h = (c != null ? c : tlsContext()).newHandler(ch.alloc(), server.config().host(),
                server.config().port());
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return h;
    }

    /**
     * A new client channel registered on {@code loop} and connecting to {@code address}: what
     * {@code Bootstrap.clone(loop).option(...).connect()} did, without copying the options map
     * twice and creating the channel by reflection on every connect (2-3 % of a 502 storm's
     * CPU). The channel is closed when the connect fails.
     *
     * @param forCheck  a health check's connection: reads as data comes, no TCP keep-alive
     *                  (it lives for one response); else an exchange's, which reads on demand
     * @param handler   the pipeline's first handler, or null for an empty pipeline
     */
    ChannelFuture open(EventLoop loop, InetSocketAddress address, long timeoutMs, boolean forCheck,
                       ChannelHandler handler) {
        SocketChannel ch = transport.newSocketChannel();
        SocketChannelConfig c = ch.config();
        c.setTcpNoDelay(true);
        c.setKeepAlive(!forCheck);
        c.setAutoRead(forCheck);
        c.setAllocator(PooledByteBufAllocator.DEFAULT);
        c.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeoutMs));
        if (handler != null) {
            ch.pipeline().addLast(handler);
        }
        // The promise's executor is the loop itself: a channel whose registration failed has none.
        ChannelPromise connected = new DefaultChannelPromise(ch, loop);
        connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        loop.register(ch).addListener((ChannelFuture r) -> {
            if (!r.isSuccess()) {
                if (ch.isRegistered()) {
                    ch.close();
                } else {
                    ch.unsafe().closeForcibly();
                }
                connected.tryFailure(r.cause());
                return;
            }
            // As Bootstrap does: connect in a later task, so channelRegistered reaches the
            // pipeline before a loopback connect that succeeds at once fires channelActive.
            loop.execute(() -> ch.connect(address, connected));
        });
        return connected;
    }
}
