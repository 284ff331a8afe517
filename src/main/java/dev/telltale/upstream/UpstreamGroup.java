package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.metrics.UpstreamRecorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The servers of one named upstream and the choice among them. Servers marked down by passive
 * health are skipped; backups are used only when no primary is available.
 * <ul>
 *   <li>{@code round_robin}: nginx's smooth weighted round robin — each pick adds every
 *       server's weight to its current weight, takes the largest and subtracts the total, so
 *       weights 5,1,1 give a,a,b,a,c,a,a rather than bursts;</li>
 *   <li>{@code least_conn}: fewest active requests relative to weight, ties by round robin;</li>
 *   <li>{@code random_two}: two servers drawn by weight, the one with fewer active requests.</li>
 * </ul>
 * Shared by all event loops, hence the lock; the critical section is a loop over a few servers.
 */
public final class UpstreamGroup {
    private final UpstreamConfig config;
    private final List<Server> servers;
    private final int[] current;
    private final RetryPolicy retryPolicy;
    private final UpstreamRecorder metrics;
    private final java.util.concurrent.ConcurrentLinkedQueue<Waiter> waiters =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    /** A group whose metrics are recorded into a registry of its own (tests, tools). */
    public UpstreamGroup(UpstreamConfig config) {
        this(config, Ticker.systemTicker());
    }

    /** A group whose metrics are recorded into a registry of its own (tests, tools). */
    public UpstreamGroup(UpstreamConfig config, Ticker ticker) {
        this(config, ticker, new ProxyMetrics());
    }

    /** A group recording into {@code metrics}: its recorders are resolved here, once. */
    public UpstreamGroup(UpstreamConfig config, Ticker ticker, ProxyMetrics metrics) {
        this.config = config;
        this.metrics = metrics.upstream(config.name());
        List<Server> list = new ArrayList<>();
        for (UpstreamServer s : config.servers()) {
            list.add(new Server(s, config, ticker, this.metrics.server(s.url())));
        }
        this.servers = List.copyOf(list);
        this.current = new int[servers.size()];
        this.retryPolicy = new RetryPolicy(config.retry());
    }

    public String name() {
        return config.name();
    }

    public UpstreamConfig config() {
        return config;
    }

    public List<Server> servers() {
        return servers;
    }

    /** Where requests routed to this upstream record their metrics. */
    public UpstreamRecorder metrics() {
        return metrics;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * The next server, skipping those in {@code tried} and those marked down; backups only when
     * no primary is left.
     *
     * @return a server, or {@code null} when none is available
     */
    public Server pick(List<Server> tried) {
        Server s = pick(tried, false);
        return s != null ? s : pick(tried, true);
    }

    private Server pick(List<Server> tried, boolean backup) {
        return switch (config.balance()) {
            case ROUND_ROBIN -> roundRobin(tried, backup, false);
            case LEAST_CONN -> roundRobin(tried, backup, true);
            case RANDOM_TWO -> randomTwo(tried, backup);
        };
    }

    private boolean eligible(Server s, List<Server> tried, boolean backup) {
        return s.config().backup() == backup && !tried.contains(s) && s.health().available() && !s.full();
    }

    /**
     * True when a live untried server exists but every such one is at its {@code max_conns}:
     * the request should wait in the queue or fail as {@code overloaded}, not {@code no_live_upstream}.
     */
    public boolean saturated(List<Server> tried) {
        boolean any = false;
        for (Server s : servers) {
            if (!tried.contains(s) && s.health().available()) {
                if (!s.full()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Something that waits for a free slot; {@link #wake} may be called from any thread. */
    public interface Waiter {
        void wake();
    }

    /** Queues {@code w} for a free slot; false when {@code queue.size} requests already wait. */
    public boolean enqueue(Waiter w) {
        if (waiting.incrementAndGet() > config.queue().size()) {
            waiting.decrementAndGet();
            return false;
        }
        waiters.add(w);
        return true;
    }

    /** Takes {@code w} out of the queue (it timed out or its client left). */
    public void dequeue(Waiter w) {
        if (waiters.remove(w)) {
            waiting.decrementAndGet();
        }
    }

    /** A request on a server with {@code max_conns} ended: the first waiter may try again. */
    public void slotFreed() {
        Waiter w = waiters.poll();
        if (w != null) {
            waiting.decrementAndGet();
            w.wake();
        }
    }

    /** Smooth weighted round robin; with {@code leastConn}, only among the least loaded. */
    private synchronized Server roundRobin(List<Server> tried, boolean backup, boolean leastConn) {
        double least = Double.MAX_VALUE;
        if (leastConn) {
            for (Server s : servers) {
                if (eligible(s, tried, backup)) {
                    least = Math.min(least, load(s));
                }
            }
        }
        int total = 0;
        int best = -1;
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            if (!eligible(s, tried, backup) || (leastConn && load(s) > least)) {
                continue;
            }
            int w = s.config().weight();
            current[i] += w;
            total += w;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        current[best] -= total;
        return servers.get(best);
    }

    private Server randomTwo(List<Server> tried, boolean backup) {
        Server a = weightedRandom(tried, backup, null);
        if (a == null) {
            return null;
        }
        Server b = weightedRandom(tried, backup, a);
        return b == null || load(a) <= load(b) ? a : b;
    }

    private Server weightedRandom(List<Server> tried, boolean backup, Server except) {
        int total = 0;
        for (Server s : servers) {
            if (s != except && eligible(s, tried, backup)) {
                total += s.config().weight();
            }
        }
        if (total == 0) {
            return null;
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (Server s : servers) {
            if (s != except && eligible(s, tried, backup)) {
                r -= s.config().weight();
                if (r < 0) {
                    return s;
                }
            }
        }
        return null;
    }

    private static double load(Server s) {
        return (double) s.active() / s.config().weight();
    }
}
