package dev.telltale.upstream;

import dev.telltale.config.ResolverConfig;
import dev.telltale.diagnose.Phase;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Hands out upstream connections: a parked one from the calling event loop's pool, else a new
 * one opened on that same loop (so the exchange, both channels and the pool share one thread).
 * Host names are resolved asynchronously by Netty's DNS resolver, never on the event loop's
 * thread by a blocking call.
 */
public final class UpstreamClient implements AutoCloseable {
    /** Upstream response heads above this are a {@code malformed} failure. */
    public static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

    /** The outcome of {@link #acquire}; called on the loop. */
    public interface Callback {
        void connected(UpstreamConnection connection);

        /**
         * @param phase   {@link Phase#RESOLVE} or {@link Phase#CONNECT}
         * @param address what was being reached: {@code ip:port}, or {@code host:port} before resolution
         */
        void failed(Throwable cause, Phase phase, String address);
    }

    private final Bootstrap template;
    private final Map<EventLoop, ConnectionPool> pools = new IdentityHashMap<>();
    private final DnsAddressResolverGroup resolvers;
    private final SslContext tls;

    public UpstreamClient(Transport transport, EventLoopGroup group, ResolverConfig resolver) {
        group.forEach(e -> pools.put((EventLoop) e, new ConnectionPool((EventLoop) e)));
        DnsNameResolverBuilder dns = new DnsNameResolverBuilder()
                .channelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .queryTimeoutMillis(resolver.timeout().toMillis())
                .maxQueriesPerResolve(4);
        if (!resolver.servers().isEmpty()) {
            InetSocketAddress[] servers = resolver.servers().stream()
                    .map(a -> new InetSocketAddress(a.host(), a.port())).toArray(InetSocketAddress[]::new);
            dns.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers));
        } else {
            dns.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
        }
        this.resolvers = new DnsAddressResolverGroup(dns);
        try {
            this.tls = SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot create the TLS client context: " + e.getMessage(), e);
        }
        this.template = new Bootstrap()
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /** Idle connections parked on {@code loop} for {@code server}. */
    public int idleCount(EventLoop loop, Server server) {
        return pools.get(loop).idleCount(server);
    }

    /**
     * A connection to {@code server} for an exchange running on {@code loop}.
     *
     * @param fresh skip the pool (a retry after a parked connection turned out dead)
     */
    public void acquire(EventLoop loop, Server server, long connectTimeoutMs, boolean fresh, Callback callback) {
        ConnectionPool pool = pools.get(loop);
        if (!fresh) {
            UpstreamConnection parked = pool.poll(server);
            if (parked != null) {
                callback.connected(parked);
                return;
            }
        }
        long start = System.nanoTime();
        InetSocketAddress literal = server.literalAddress();
        if (literal != null) {
            connect(pool, server, literal, start, connectTimeoutMs, callback);
            return;
        }
        AddressResolver<InetSocketAddress> resolver = resolvers.getResolver(loop);
        resolver.resolve(InetSocketAddress.createUnresolved(server.config().host(), server.config().port()))
                .addListener((Future<InetSocketAddress> f) -> {
                    if (!f.isSuccess()) {
                        callback.failed(f.cause(), Phase.RESOLVE, server.authority());
                        return;
                    }
                    long left = connectTimeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    connect(pool, server, f.getNow(), start, Math.max(1, left), callback);
                });
    }

    private void connect(ConnectionPool pool, Server server, InetSocketAddress address, long start,
                         long timeoutMs, Callback callback) {
        String where = UpstreamConnection.format(address);
        ChannelFuture cf = template.clone(pool.loop())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (server.config().tls()) {
                            ch.pipeline().addLast("tls", newTlsHandler(ch, server));
                        }
                        ch.pipeline().addLast(ResponseSniffer.NAME, new ResponseSniffer());
                        ch.pipeline().addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(8192)
                                .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
                                .setMaxChunkSize(64 * 1024), false, false));
                        ch.pipeline().addLast(UpstreamHandler.NAME, new UpstreamHandler());
                    }
                })
                .connect(address);
        cf.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                callback.failed(f.cause(), Phase.CONNECT, where);
                return;
            }
            SslHandler ssl = f.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                callback.connected(new UpstreamConnection(f.channel(), server, pool, System.nanoTime() - start));
                return;
            }
            awaitHandshake(f.channel(), ssl, server, pool, start, timeoutMs, where, callback);
        });
    }

    /** TLS belongs to the connect phase: the rest of the connect timeout bounds the handshake. */
    private static void awaitHandshake(Channel ch, SslHandler ssl, Server server, ConnectionPool pool, long start,
                                       long timeoutMs, String where, Callback callback) {
        long left = timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
            ch.close();
            callback.failed(new io.netty.channel.ConnectTimeoutException("TLS handshake timed out"),
                    Phase.CONNECT, where);
        }, Math.max(1, left), TimeUnit.MILLISECONDS);
        ch.read(); // autoRead is off; the handshake needs the server's flight
        ssl.handshakeFuture().addListener(h -> {
            if (!timer.cancel(false)) {
                return;
            }
            if (h.isSuccess()) {
                callback.connected(new UpstreamConnection(ch, server, pool, System.nanoTime() - start));
            } else {
                ch.close();
                callback.failed(h.cause(), Phase.CONNECT, where);
            }
        });
    }

    private SslHandler newTlsHandler(Channel ch, Server server) {
        SslHandler h = tls.newHandler(ch.alloc(), server.config().host(), server.config().port());
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return h;
    }

    /** How long a probe's answer is reused for diagnosis. */
    private static final long PROBE_TTL_NANOS = 2_000_000_000L;

    private record Probed(boolean up, long at) {
    }

    private final java.util.concurrent.ConcurrentHashMap<InetSocketAddress, Probed> probed =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@link #probe}, answered from a result at most 2 s old when there is one: when an app is
     * down every request fails the same way, and a 502 storm must not double its connect
     * attempts to learn the same fact again.
     */
    public Future<Boolean> probeRecent(EventLoop loop, InetSocketAddress address, long timeoutMs) {
        Probed p = probed.get(address);
        long now = System.nanoTime();
        if (p != null && now - p.at < PROBE_TTL_NANOS) {
            return loop.newSucceededFuture(p.up);
        }
        Future<Boolean> f = probe(loop, address, timeoutMs);
        f.addListener(done -> {
            if (probed.size() > 1024) {
                probed.clear(); // bounded: a handful of loopback addresses in practice
            }
            probed.put(address, new Probed(Boolean.TRUE.equals(done.getNow()), System.nanoTime()));
        });
        return f;
    }

    /**
     * Whether something accepts TCP connections at {@code address}, within {@code timeoutMs}:
     * for hints such as "the app listens on ::1, not 127.0.0.1". Never fails; the probe
     * connection is closed at once.
     */
    public Future<Boolean> probe(EventLoop loop, InetSocketAddress address, long timeoutMs) {
        io.netty.util.concurrent.Promise<Boolean> result = loop.newPromise();
        template.clone(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMs)
                .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                .connect(address)
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        f.channel().close();
                    }
                    result.trySuccess(f.isSuccess());
                });
        return result;
    }

    @Override
    public void close() {
        for (ConnectionPool p : pools.values()) {
            if (p.loop().inEventLoop()) {
                p.close();
            } else if (!p.loop().isShuttingDown()) {
                p.loop().execute(p::close);
            }
        }
        resolvers.close();
    }
}
