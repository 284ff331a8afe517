package dev.telltale.boot;

import dev.telltale.config.Config;
import dev.telltale.config.ListenAddress;
import dev.telltale.diagnose.ReportStore;
import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.proxy.DiagnosticResponder;
import dev.telltale.proxy.DownstreamChannelInitializer;
import dev.telltale.proxy.ExchangeEvents;
import dev.telltale.proxy.ProxyContext;
import dev.telltale.proxy.Snapshot;
import dev.telltale.upstream.HealthChecker;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.Transport;
import dev.telltale.upstream.UpstreamClient;
import dev.telltale.upstream.UpstreamEvents;
import dev.telltale.upstream.UpstreamGroup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds the proxy from a {@link Config}, binds its listeners, swaps in a
 * new config on reload, drains and stops.
 */
public final class Telltale implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Telltale.class);

    private final Transport transport;
    private final EventLoopGroup workerGroup;
    private final UpstreamClient client;
    private final ProxyContext px;
    private final ChannelGroup downstream = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** Bound listeners by their configured address, in config order. */
    private final java.util.Map<ListenAddress, Channel> listeners = new java.util.LinkedHashMap<>();
    private final DownstreamChannelInitializer initializer;
    private final ReportStore reports;
    private final ProxyMetrics metrics;
    private final UpstreamEvents upstreamEvents;
    private volatile Config config;
    private HealthChecker checker = HealthChecker.NONE;

    private Telltale(Config config, ExchangeEvents events, ProxyMetrics metrics, UpstreamEvents upstreamEvents) {
        this.metrics = metrics;
        this.config = config;
        this.upstreamEvents = upstreamEvents;
        BufferPools.configure(config.server().effectiveWorkers()); // before Netty's allocator is first used
        this.transport = Transport.best();
        this.workerGroup = transport.newGroup(config.server().effectiveWorkers(), "telltale-loop");
        this.client = new UpstreamClient(transport, workerGroup, config.server().resolver(), upstreamEvents);
        // Before the listeners accept, and on this (non-loop) thread: only a config with an
        // https server pays for the TLS stack, only one with a host name for the DNS resolver,
        // and no request waits for either.
        client.prepareTls(config.upstreams().values());
        client.prepareResolver(config.upstreams().values());
        var diagnostics = config.diagnostics();
        this.reports = new ReportStore(diagnostics.reportMaxEntries(), diagnostics.reportTtl(),
                com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        this.px = new ProxyContext(Snapshot.of(config, metrics), client, events, new DiagnosticResponder(events, reports),
                metrics);
        registerGauges(px.snapshot());
        this.initializer = new DownstreamChannelInitializer(px, config.server().limits().maxConnections(),
                downstream);
    }

    /** Builds and binds; on a bind failure everything started is stopped again. */
    public static Telltale start(Config config) {
        return start(config, ExchangeEvents.NONE);
    }

    public static Telltale start(Config config, ExchangeEvents events) {
        return start(config, events, new ProxyMetrics());
    }

    public static Telltale start(Config config, ExchangeEvents events, ProxyMetrics metrics) {
        return start(config, events, metrics, UpstreamEvents.NONE);
    }

    /**
     * Builds, binds and starts the active health checks.
     *
     * @param upstreamEvents told about {@code health_change} and {@code dns_error}; called on event loops
     */
    public static Telltale start(Config config, ExchangeEvents events, ProxyMetrics metrics,
                                 UpstreamEvents upstreamEvents) {
        Telltale t = new Telltale(config, events, metrics, upstreamEvents);
        try {
            for (ListenAddress a : config.server().listen()) {
                t.bind(a);
            }
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        t.startChecks(t.px.snapshot());
        return t;
    }

    /** Replaces the running health checks with those of {@code snap}. */
    private synchronized void startChecks(Snapshot snap) {
        HealthChecker old = checker;
        checker = HealthChecker.start(snap.upstreams().values(), client, workerGroup, upstreamEvents);
        old.close();
    }

    private Channel bind(ListenAddress a) {
        // Accept on the worker loops, like nginx's workers: a separate acceptor thread costs a
        // thread hand-off per new connection (measured at 1.6-1.9x nginx's CPU under churn).
        ServerBootstrap b = new ServerBootstrap()
                .group(workerGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childAttr(DownstreamChannelInitializer.LISTENER, a) // routes with match.listen
                .childHandler(initializer);
        try {
            Channel ch = b.bind(a.host(), a.port()).syncUninterruptibly().channel();
            listeners.put(a, ch);
            LOG.info("listening on {} ({})", format((InetSocketAddress) ch.localAddress()),
                    transport.name().toLowerCase());
            return ch;
        } catch (Exception e) {
            throw new IllegalStateException("server.listen: cannot bind " + a + ": " + e.getMessage(), e);
        }
    }

    private static String format(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + a.getPort() : ip + ":" + a.getPort();
    }

    /** The bound listener addresses (ports resolved when configured as 0). */
    public synchronized List<InetSocketAddress> addresses() {
        return listeners.values().stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** The first listener's port. */
    public int port() {
        return addresses().get(0).getPort();
    }

    public Config config() {
        return config;
    }

    public ProxyContext context() {
        return px;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    private void registerGauges(Snapshot snap) {
        snap.upstreams().values().forEach(g -> g.servers().forEach(s -> metrics.serverGauges(g.name(), s.url(),
                () -> s.health().available(), s::idle, s::active)));
    }

    /** The upstream client; for tests in this package. */
    UpstreamClient upstreamClient() {
        return client;
    }

    /** Reports of recent failures by request id. */
    public ReportStore reports() {
        return reports;
    }

    /** Applies {@code next} to requests that start from now on; in-flight ones finish on the old. */
    public synchronized void reload(Config next) {
        client.prepareTls(next.upstreams().values()); // the first https server may come with this reload
        client.prepareResolver(next.upstreams().values()); // and the first host name
        rebind(next.server().listen());
        Snapshot old = px.snapshot();
        Snapshot fresh = Snapshot.of(next, metrics); // kept upstreams and servers get their recorders back
        px.swap(fresh);
        startChecks(fresh);
        forgetRemoved(old, fresh);
        registerGauges(fresh);
        this.config = next;
        LOG.info("configuration reloaded");
    }

    /** Drops the metric series of upstreams and servers {@code fresh} no longer has. */
    private void forgetRemoved(Snapshot old, Snapshot fresh) {
        old.upstreams().forEach((name, group) -> {
            UpstreamGroup kept = fresh.upstreams().get(name);
            if (kept == null) {
                metrics.removeUpstream(name);
                return;
            }
            for (Server s : group.servers()) {
                if (kept.servers().stream().noneMatch(k -> k.url().equals(s.url()))) {
                    metrics.removeServer(name, s.url());
                }
            }
        });
    }

    /**
     * Makes the bound listeners those of {@code wanted}: new addresses are bound first, and when
     * one cannot be, the ones just bound are closed again and the reload fails with nothing
     * changed; then listeners no longer configured close. Connections they accepted stay open.
     */
    private void rebind(List<ListenAddress> wanted) {
        List<ListenAddress> added = new ArrayList<>();
        try {
            for (ListenAddress a : wanted) {
                if (!listeners.containsKey(a)) {
                    bind(a);
                    added.add(a);
                }
            }
        } catch (RuntimeException e) {
            for (ListenAddress a : added) {
                listeners.remove(a).close().syncUninterruptibly();
            }
            throw e;
        }
        for (ListenAddress a : List.copyOf(listeners.keySet())) {
            if (!wanted.contains(a)) {
                listeners.remove(a).close().syncUninterruptibly();
                LOG.info("stopped listening on {}", a);
            }
        }
    }

    /**
     * Stops accepting, lets in-flight requests finish within {@code grace}, closes idle
     * keep-alive connections at once and busy ones when their exchange ends.
     *
     * @return true when every in-flight request finished in time
     */
    public boolean drain(Duration grace) {
        px.startDraining();
        for (Channel l : listeners.values()) {
            l.close().syncUninterruptibly();
        }
        downstream.forEach(ch -> ch.pipeline().fireUserEventTriggered(dev.telltale.proxy.Drain.EVENT));
        long deadline = System.nanoTime() + grace.toNanos();
        while (px.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // the draining thread is the shutdown hook, never an event loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return px.inFlight() == 0;
    }

    @Override
    public void close() {
        synchronized (this) {
            checker.close();
        }
        for (Channel l : listeners.values()) {
            l.close();
        }
        downstream.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        client.close();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
