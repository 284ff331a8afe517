package dev.telltale.upstream;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * One upstream TCP (or TLS) connection, bound to at most one exchange at a time and parked in
 * its event loop's {@link ConnectionPool} between requests.
 */
public final class UpstreamConnection {
    private final Channel channel;
    private final Server server;
    private final ConnectionPool pool;
    private final String address;
    private final long connectNanos;
    private boolean reused;

    UpstreamConnection(Channel channel, Server server, ConnectionPool pool, long connectNanos) {
        this.channel = channel;
        this.server = server;
        this.pool = pool;
        this.connectNanos = connectNanos;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.address = remote == null ? server.authority() : format(remote);
    }

    static String format(InetSocketAddress a) {
        String ip = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + a.getPort() : ip + ":" + a.getPort();
    }

    public Channel channel() {
        return channel;
    }

    public Server server() {
        return server;
    }

    /** {@code ip:port} of the peer. */
    public String address() {
        return address;
    }

    /** True when this connection served an earlier request. */
    public boolean reused() {
        return reused;
    }

    /** Time to establish the connection (TCP and TLS); meaningful only when not reused. */
    public long connectNanos() {
        return connectNanos;
    }

    /** Routes the channel's events to {@code listener} and prepares to sniff the response. */
    public void bind(UpstreamListener listener) {
        channel.pipeline().get(ResponseSniffer.class).arm();
        channel.pipeline().get(UpstreamHandler.class).bind(listener);
    }

    /** The first bytes the upstream sent since {@link #bind}. */
    public byte[] received() {
        return channel.pipeline().get(ResponseSniffer.class).received();
    }

    /**
     * Ends the exchange's use of this connection: parks it for the next request when
     * {@code keepAlive}, closes it otherwise.
     */
    public void release(boolean keepAlive) {
        channel.pipeline().get(UpstreamHandler.class).unbind();
        if (keepAlive && channel.isActive()) {
            reused = true;
            pool.offer(this);
        } else {
            channel.close();
        }
    }
}
