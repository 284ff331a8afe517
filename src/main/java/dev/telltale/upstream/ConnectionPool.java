package dev.telltale.upstream;

import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive upstream connections of one event loop, per server. Confined to its loop, so
 * unsynchronised. Most recently used first (warm connections, and the cold ones age out);
 * a sweep once a second closes those idle longer than {@code keepalive.idle_timeout}.
 */
public final class ConnectionPool {
    private record Idle(UpstreamConnection connection, long since) {
    }

    private final EventLoop loop;
    private final Map<Server, ArrayDeque<Idle>> idle = new HashMap<>();
    private final ScheduledFuture<?> sweeper;

    ConnectionPool(EventLoop loop) {
        this.loop = loop;
        this.sweeper = loop.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** An open idle connection to {@code server}, or {@code null}. */
    UpstreamConnection poll(Server server) {
        ArrayDeque<Idle> q = idle.get(server);
        if (q == null) {
            return null;
        }
        Idle i;
        while ((i = q.pollFirst()) != null) {
            server.idleChanged(-1);
            if (!i.connection.channel().isActive()) {
                continue;
            }
            if (dropped(server, i.connection)) {
                i.connection.channel().close();
                continue;
            }
            return i.connection;
        }
        return null;
    }

    /** A connection to an address the server's host name no longer resolves to: new ones go to the new answer. */
    private static boolean dropped(Server server, UpstreamConnection c) {
        ResolvedAddresses resolved = server.resolved();
        return resolved != null && c.channel().remoteAddress() instanceof java.net.InetSocketAddress remote
                && !resolved.contains(remote);
    }

    /**
     * Keeps {@code c} for reuse unless {@code keepalive.max_idle} connections already wait. A
     * connection the upstream closes while parked is closed by its handler and skipped by
     * {@link #poll} and the sweep; no per-connection listener is registered here, because a
     * connection is parked once per request.
     */
    void offer(UpstreamConnection c) {
        Server server = c.server();
        if (!c.channel().isActive()) {
            return;
        }
        ArrayDeque<Idle> q = idle.computeIfAbsent(server, s -> new ArrayDeque<>());
        if (q.size() >= server.maxIdle()) {
            c.channel().close();
            return;
        }
        q.addFirst(new Idle(c, System.nanoTime()));
        server.idleChanged(1);
        c.channel().read(); // so a FIN (or stray bytes) while parked closes it before anyone picks it
    }

    /** Idle connections held for {@code server} (for tests and metrics). */
    public int idleCount(Server server) {
        ArrayDeque<Idle> q = idle.get(server);
        return q == null ? 0 : q.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Server, ArrayDeque<Idle>> e : idle.entrySet()) {
            long maxNanos = e.getKey().idleTimeoutNanos();
            for (Iterator<Idle> it = e.getValue().iterator(); it.hasNext(); ) {
                Idle i = it.next();
                if (!i.connection.channel().isActive()) {
                    it.remove();
                    e.getKey().idleChanged(-1);
                } else if (now - i.since >= maxNanos) {
                    it.remove();
                    e.getKey().idleChanged(-1);
                    i.connection.channel().close();
                }
            }
        }
    }

    /** Closes every idle connection and stops sweeping. */
    void close() {
        sweeper.cancel(false);
        for (Map.Entry<Server, ArrayDeque<Idle>> e : idle.entrySet()) {
            for (Idle i : e.getValue()) {
                e.getKey().idleChanged(-1);
                i.connection.channel().close();
            }
        }
        idle.clear();
    }

    EventLoop loop() {
        return loop;
    }
}
