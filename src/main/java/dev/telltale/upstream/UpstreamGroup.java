package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers of one named upstream and the choice among them. Balancing is nginx's smooth
 * weighted round robin: each pick adds every server's weight to its current weight, takes the
 * largest, and subtracts the total from it, so weights 5,1,1 give a,a,b,a,c,a,a rather than
 * bursts. Shared by all event loops, hence the lock; the critical section is a few additions.
 */
public final class UpstreamGroup {
    private final UpstreamConfig config;
    private final List<Server> servers;
    private final int[] current;
    private final RetryPolicy retryPolicy;

    public UpstreamGroup(UpstreamConfig config) {
        this.config = config;
        List<Server> list = new ArrayList<>();
        for (UpstreamServer s : config.servers()) {
            list.add(new Server(s, config.keepalive()));
        }
        this.servers = List.copyOf(list);
        this.current = new int[servers.size()];
        this.retryPolicy = new RetryPolicy(config.retry());
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** True when some server was not tried yet. */
    public boolean hasUntried(List<Server> tried) {
        return tried.size() < servers.size();
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

    /**
     * The next server, skipping those in {@code tried}; backups only when no primary is left.
     *
     * @return a server, or {@code null} when every server was tried
     */
    public Server pick(List<Server> tried) {
        Server s = pick(tried, false);
        return s != null ? s : pick(tried, true);
    }

    private synchronized Server pick(List<Server> tried, boolean backup) {
        int total = 0;
        int best = -1;
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            if (s.config().backup() != backup || tried.contains(s)) {
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
}
