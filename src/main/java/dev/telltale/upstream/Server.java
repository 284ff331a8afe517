package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.metrics.ServerRecorder;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One upstream server at runtime, as configured: its URL stays the server's identity in
 * balancing, health, metrics and diagnostics. When the host is an address literal, the socket
 * address is made once up front so the request path never resolves it; when it is a name, the
 * addresses it resolves to are kept here ({@link ResolvedAddresses}) and connects rotate among
 * them, so one configured server with several A records spreads its connections over all of them
 * while staying one server for weights, {@code max_fails} and health checks (like nginx's
 * resolve at start-up, but kept current).
 */
public final class Server {
    private final UpstreamServer config;
    private final String upstream;
    private final InetSocketAddress literalAddress;
    private final ResolvedAddresses resolved;
    private final int maxIdle;
    private final long idleTimeoutNanos;
    private final ServerHealth health;
    private final ServerRecorder metrics;
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger idle = new java.util.concurrent.atomic.AtomicInteger();

    Server(UpstreamServer config, UpstreamConfig upstream, com.github.benmanes.caffeine.cache.Ticker ticker,
           ServerRecorder metrics) {
        this.config = config;
        this.metrics = metrics;
        this.upstream = upstream.name();
        UpstreamConfig.Keepalive keepalive = upstream.keepalive();
        this.health = new ServerHealth(upstream.passiveHealth(), upstream.healthCheck(), ticker);
        this.maxIdle = keepalive.maxIdle();
        this.idleTimeoutNanos = keepalive.idleTimeout().toNanos();
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(config.host());
        InetSocketAddress literal = null;
        if (ip != null) {
            try {
                literal = new InetSocketAddress(InetAddress.getByAddress(config.host(), ip), config.port());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("unreachable: a literal of valid length", e);
            }
        }
        this.literalAddress = literal;
        this.resolved = literal == null ? new ResolvedAddresses(ticker) : null;
    }

    /** The name of the upstream this server belongs to. */
    public String upstream() {
        return upstream;
    }

    /**
     * The addresses connections go to: the literal, or the last good answer for a host name
     * (empty before the first answer).
     */
    public java.util.List<InetSocketAddress> addresses() {
        return literalAddress != null ? java.util.List.of(literalAddress) : resolved.all();
    }

    /** Resolution state of a host name; {@code null} for an address literal. */
    ResolvedAddresses resolved() {
        return resolved;
    }

    /** Where attempts on this server record their metrics. */
    public ServerRecorder metrics() {
        return metrics;
    }

    public ServerHealth health() {
        return health;
    }

    /** Its health as failure pages and the admin plane summarize it. */
    public dev.telltale.diagnose.ServerState state() {
        return health.state(url());
    }

    /** Requests using this server now (for {@code least_conn} and {@code random_two}). */
    public int active() {
        return active.get();
    }

    /** At {@code max_conns}: no new request may use it now. */
    boolean full() {
        int max = config.maxConns();
        return max > 0 && active.get() >= max;
    }

    /** Parked keep-alive connections to this server, over all event loops (kept by the pools). */
    public int idle() {
        return idle.get();
    }

    void idleChanged(int delta) {
        idle.addAndGet(delta);
    }

    public void attemptStarted() {
        active.incrementAndGet();
    }

    public void attemptEnded() {
        active.decrementAndGet();
    }

    int maxIdle() {
        return maxIdle;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    public UpstreamServer config() {
        return config;
    }

    public String url() {
        return config.url();
    }

    /** The resolved address when the host is a literal, else {@code null} (resolve per connect). */
    public InetSocketAddress literalAddress() {
        return literalAddress;
    }

    /** {@code host:port} for diagnostics when no address is known yet. */
    public String authority() {
        return config.authority();
    }

    @Override
    public String toString() {
        return config.url();
    }
}
