package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The addresses a server's host name resolved to, last good answer kept. Connects rotate among
 * them, so a name with several A records spreads new connections over all of them. At most once
 * per {@link #REFRESH_NANOS} a connect asks the resolver again in the background; the resolver's
 * cache answers until the records' TTL (clamped to 1s..5m) ran out, then it queries the name
 * servers. A failed refresh keeps the old addresses. Shared by every event loop: volatile
 * fields and one CAS, no lock.
 */
final class ResolvedAddresses {
    /** The floor of re-resolution, and the pace of retrying after a failure. */
    static final long REFRESH_NANOS = 1_000_000_000L;

    private final Ticker ticker;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile List<InetSocketAddress> addresses = List.of();
    private volatile long refreshAt;
    private volatile boolean failing;

    ResolvedAddresses(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The last good answer; empty before the first. */
    List<InetSocketAddress> all() {
        return addresses;
    }

    /** The next address in rotation, or {@code null} before the first good answer. */
    InetSocketAddress next() {
        List<InetSocketAddress> a = addresses;
        return a.isEmpty() ? null : a.get(Math.floorMod(next.getAndIncrement(), a.size()));
    }

    /** True for the one caller that should refresh now; it must end with {@link #resolved} or {@link #failed}. */
    boolean claimRefresh() {
        return ticker.read() - refreshAt >= 0 && refreshing.compareAndSet(false, true);
    }

    /** A good answer replaces the addresses (same order as the resolver gave them). */
    void resolved(List<InetSocketAddress> answer) {
        if (!answer.equals(addresses)) {
            addresses = List.copyOf(answer);
        }
        failing = false;
        refreshAt = ticker.read() + REFRESH_NANOS;
        refreshing.set(false);
    }

    /**
     * A failed refresh: the addresses stay.
     *
     * @return true when this is the first failure since the last good answer (worth one log line)
     */
    boolean failed() {
        boolean first = !failing;
        failing = true;
        refreshAt = ticker.read() + REFRESH_NANOS;
        refreshing.set(false);
        return first;
    }

    /** Whether {@code address} is one of the current answer (a parked connection to a dropped one is not reused). */
    boolean contains(InetSocketAddress address) {
        return addresses.contains(address);
    }
}
