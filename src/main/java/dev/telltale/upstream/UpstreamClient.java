package dev.telltale.upstream;

import dev.telltale.config.ResolverConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Phase;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands out upstream connections: a parked one from the calling event loop's pool, else a new
 * one opened on that same loop (so the exchange, both channels and the pool share one thread).
 * Host names are resolved asynchronously by Netty's DNS resolver, never on the event loop's
 * thread by a blocking call. The resolver caches answers for their TTL clamped to
 * [{@value #DNS_MIN_TTL_SECONDS}s, {@value #DNS_MAX_TTL_SECONDS}s]; each server keeps its last
 * good answer ({@link ResolvedAddresses}), so a failing name server does not stop traffic to
 * addresses that resolved before.
 */
public final class UpstreamClient implements AutoCloseable {
    /** Upstream response heads above this are a {@code malformed} failure. */
    public static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;
    /** Floor of how long a DNS answer is used before the name is queried again. */
    public static final int DNS_MIN_TTL_SECONDS = 1;
    /** Ceiling of the same: a long TTL still gets re-checked this often. */
    public static final int DNS_MAX_TTL_SECONDS = 300;

    /**
     * The outcome of one {@link #check}: a status, or the failure that prevented one.
     *
     * @param status       the response status, or 0 when {@code failure} is set
     * @param address      {@code ip:port} checked ({@code host:port} when resolution failed)
     * @param failure      classified like a request's failure; {@code null} when a status arrived
     * @param elapsedNanos from the start of the check to its outcome
     */
    public record CheckResult(int status, String address, dev.telltale.diagnose.UpstreamFailure failure,
                              long elapsedNanos) {
    }

    /** Where to connect, or why there is nowhere; called on the loop that asked. */
    private interface AddressCallback {
        void address(InetSocketAddress address);

        void failed(Throwable cause);
    }

    /** The outcome of {@link #acquire}; called on the loop. */
    public interface Callback {
        void connected(UpstreamConnection connection);

        /**
         * @param phase   {@link Phase#RESOLVE} or {@link Phase#CONNECT}
         * @param address what was being reached: {@code ip:port}, or {@code host:port} before resolution
         */
        void failed(Throwable cause, Phase phase, String address);
    }

    private final UpstreamSockets sockets;
    private final Map<EventLoop, ConnectionPool> pools = new IdentityHashMap<>();
    private final Transport transport;
    private final ResolverConfig resolverConfig;
    /** Built by {@link #prepareResolver} (or the fallback in {@link #resolveAll}); null until then. */
    private volatile DnsAddressResolverGroup resolvers;
    private final UpstreamEvents events;

    public UpstreamClient(Transport transport, EventLoopGroup group, ResolverConfig resolver) {
        this(transport, group, resolver, UpstreamEvents.NONE);
    }

    /** @param events told when re-resolving a host name fails ({@code dns_error}) */
    public UpstreamClient(Transport transport, EventLoopGroup group, ResolverConfig resolver, UpstreamEvents events) {
        this.sockets = new UpstreamSockets(transport);
        this.transport = transport;
        this.resolverConfig = resolver;
        this.events = events;
        group.forEach(e -> pools.put((EventLoop) e, new ConnectionPool((EventLoop) e)));
    }

    /**
     * Builds the DNS resolver when one of {@code upstreams} has a server named by a host name
     * (not an address literal; {@code localhost} is a name, answered from the hosts file) and it
     * is not built yet. Call it where {@link #prepareTls} is called, for the same reasons: never
     * on an event loop (it reads {@code /etc/resolv.conf}), and before those upstreams take
     * requests. A config of address literals never loads the resolver (~80 of Netty's classes and
     * a read of {@code /etc/resolv.conf} at start-up).
     */
    public void prepareResolver(Collection<UpstreamConfig> upstreams) {
        if (resolvers == null && upstreams.stream().anyMatch(u -> u.servers().stream()
                .anyMatch(s -> NetUtil.createByteArrayFromIpAddressString(s.host()) == null))) {
            resolverGroup();
        }
    }

    /** Whether {@link #prepareResolver} has built the DNS resolver. */
    public boolean resolverReady() {
        return resolvers != null;
    }

    private synchronized DnsAddressResolverGroup resolverGroup() {
        DnsAddressResolverGroup g = resolvers;
        if (g != null) {
            return g;
        }
        DnsNameResolverBuilder dns = new DnsNameResolverBuilder()
                .channelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .queryTimeoutMillis(resolverConfig.timeout().toMillis())
                .ttl(DNS_MIN_TTL_SECONDS, DNS_MAX_TTL_SECONDS)
                .maxQueriesPerResolve(4);
        if (!resolverConfig.servers().isEmpty()) {
            InetSocketAddress[] servers = resolverConfig.servers().stream()
                    .map(a -> new InetSocketAddress(a.host(), a.port())).toArray(InetSocketAddress[]::new);
            dns.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers));
        } else {
            dns.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
        }
        g = new DnsAddressResolverGroup(dns);
        resolvers = g;
        return g;
    }

    /**
     * Builds the TLS client context when one of {@code upstreams} has an {@code https} server
     * and it is not built yet. Call it before those upstreams can take requests (at start,
     * and with a reloaded config before it is swapped in), never on an event loop: building
     * it loads the JDK's TLS stack and trust store, 0.3-0.4 s on one core, which a config
     * without {@code https} never pays, and which no connect timeout should include.
     *
     * @throws IllegalStateException when the JDK cannot create a TLS client context
     */
    public void prepareTls(Collection<UpstreamConfig> upstreams) {
        sockets.prepareTls(upstreams);
    }

    /** Whether {@link #prepareTls} has built the TLS client context. */
    public boolean tlsReady() {
        return sockets.tlsReady();
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
        refreshIfDue(loop, server); // also while parked connections serve: they are dropped once the answer changed
        if (!fresh) {
            UpstreamConnection parked = pool.poll(server);
            if (parked != null) {
                callback.connected(parked);
                return;
            }
        }
        long start = System.nanoTime();
        resolve(loop, server, new AddressCallback() {
            @Override
            public void address(InetSocketAddress address) {
                long left = connectTimeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                connect(pool, server, address, start, Math.max(1, left), callback);
            }

            @Override
            public void failed(Throwable cause) {
                callback.failed(cause, Phase.RESOLVE, server.authority());
            }
        });
    }

    /**
     * The address for the next connection to {@code server}: the literal; else the next of its
     * last good answer, refreshing that answer in the background when due; else (never resolved)
     * the answer of a resolution now, and a failure only then.
     */
    private void resolve(EventLoop loop, Server server, AddressCallback callback) {
        InetSocketAddress literal = server.literalAddress();
        if (literal != null) {
            callback.address(literal);
            return;
        }
        ResolvedAddresses resolved = server.resolved();
        InetSocketAddress known = resolved.next();
        if (known != null) {
            refreshIfDue(loop, server);
            callback.address(known);
            return;
        }
        resolveAll(loop, server).addListener((Future<List<InetSocketAddress>> f) -> {
            if (!f.isSuccess()) {
                callback.failed(f.cause());
                return;
            }
            resolved.resolved(f.getNow());
            InetSocketAddress next = resolved.next();
            if (next == null) {
                callback.failed(new java.net.UnknownHostException(server.config().host()));
            } else {
                callback.address(next);
            }
        });
    }

    /**
     * Asks the resolver again in the background when the server's answer is due for it (at most
     * once a second; the resolver's cache makes that a real query only after the TTL). A failure
     * keeps the old addresses and is reported once per run of failures.
     */
    private void refreshIfDue(EventLoop loop, Server server) {
        ResolvedAddresses resolved = server.resolved();
        if (resolved == null || resolved.all().isEmpty() || !resolved.claimRefresh()) {
            return;
        }
        resolveAll(loop, server).addListener((Future<List<InetSocketAddress>> f) -> {
            if (f.isSuccess()) {
                resolved.resolved(f.getNow());
            } else if (resolved.failed()) {
                events.dnsFailed(server, dev.telltale.diagnose.FailureClassifier.classify(f.cause(),
                        Phase.RESOLVE, server.authority()).message(),
                        resolved.all().stream().map(UpstreamConnection::format).toList());
            }
        });
    }

    private Future<List<InetSocketAddress>> resolveAll(EventLoop loop, Server server) {
        // prepareResolver built it before any named server could be used; building it here, on
        // the loop, is only the fallback for a caller that did not.
        DnsAddressResolverGroup group = resolvers;
        AddressResolver<InetSocketAddress> resolver = (group != null ? group : resolverGroup()).getResolver(loop);
        return resolver.resolveAll(InetSocketAddress.createUnresolved(server.config().host(), server.config().port()));
    }

    private void connect(ConnectionPool pool, Server server, InetSocketAddress address, long start,
                         long timeoutMs, Callback callback) {
        String where = UpstreamConnection.format(address);
        // The HTTP pipeline is built only once connected: in a 502 storm every connect is refused,
        // and building a codec per refused attempt was pure waste.
        ChannelFuture cf = sockets.open(pool.loop(), address, timeoutMs, false, null);
        cf.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                callback.failed(f.cause(), Phase.CONNECT, where);
                return;
            }
            Channel ch = f.channel();
            SslHandler ssl = server.config().tls() ? sockets.newTlsHandler(ch, server) : null;
            if (ssl != null) {
                ch.pipeline().addLast("tls", ssl);
            }
            ch.pipeline().addLast(ResponseSniffer.NAME, new ResponseSniffer());
            ch.pipeline().addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(8192)
                    .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
                    .setMaxChunkSize(64 * 1024), false, false));
            ch.pipeline().addLast(UpstreamHandler.NAME, new UpstreamHandler());
            if (ssl == null) {
                callback.connected(new UpstreamConnection(ch, server, pool, System.nanoTime() - start));
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
     * One active health check of {@code server} on {@code loop}: a plain {@code GET path} over a
     * new connection (TLS for {@code https} servers) that is closed once the response head
     * arrived, with {@code Host} the server's {@code host:port}, {@code Connection: close} and
     * {@code User-Agent: telltale-health-check}. Resolution, connect and the response head are
     * all bounded by {@code timeoutMs}. The address comes from the same rotation as requests'
     * connections. Never fails: a failure is in the result.
     */
    public Future<CheckResult> check(EventLoop loop, Server server, String path, long timeoutMs) {
        io.netty.util.concurrent.Promise<CheckResult> result = loop.newPromise();
        HealthProbe probe = new HealthProbe(server, path, timeoutMs, result);
        loop.execute(() -> {
            probe.startTimer(loop);
            resolve(loop, server, new AddressCallback() {
                @Override
                public void address(InetSocketAddress address) {
                    if (probe.done()) {
                        return;
                    }
                    ChannelFuture cf = sockets.open(loop, address, probe.remainingMs(), true,
                            new ChannelInitializer<Channel>() {
                                @Override
                                protected void initChannel(Channel ch) {
                                    if (server.config().tls()) {
                                        ch.pipeline().addLast("tls", sockets.newTlsHandler(ch, server));
                                    }
                                    ch.pipeline().addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                                            .setMaxInitialLineLength(8192)
                                            .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES), false, false));
                                    ch.pipeline().addLast("health-check", probe);
                                }
                            });
                    probe.connecting(cf, UpstreamConnection.format(address));
                }

                @Override
                public void failed(Throwable cause) {
                    probe.failed(dev.telltale.diagnose.FailureClassifier.classify(cause, Phase.RESOLVE,
                            server.authority()));
                }
            });
        });
        return result;
    }

    /**
     * Whether something accepts TCP connections at {@code address}, within {@code timeoutMs}:
     * for hints such as "the app listens on ::1, not 127.0.0.1". Never fails; the probe
     * connection is closed at once.
     */
    public Future<Boolean> probe(EventLoop loop, InetSocketAddress address, long timeoutMs) {
        io.netty.util.concurrent.Promise<Boolean> result = loop.newPromise();
        sockets.open(loop, address, timeoutMs, false, null)
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
        DnsAddressResolverGroup group = resolvers;
        if (group != null) {
            group.close();
        }
    }
}
