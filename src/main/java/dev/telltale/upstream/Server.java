package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One upstream server at runtime: its configuration and, when the host is an address literal,
 * the socket address resolved once up front so the request path never resolves it again.
 */
public final class Server {
    private final UpstreamServer config;
    private final InetSocketAddress literalAddress;
    private final int maxIdle;
    private final long idleTimeoutNanos;

    Server(UpstreamServer config, UpstreamConfig.Keepalive keepalive) {
        this.config = config;
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
