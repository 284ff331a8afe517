package dev.telltale.diagnose;

/**
 * A small, bounded, lock-free cache of values computed from a failure's inputs: in a 502 storm
 * every failure of one server has the same hints, config facts and page fragments, so they are
 * computed once and shared (also between the reports kept in the {@link ReportStore}, which
 * keeps those reports small).
 *
 * <p>Direct-mapped: an entry lives in the slot its key's hash picks, and a new entry simply
 * replaces whatever was there, so memory is fixed at {@code slots} entries. The caller stores
 * its key inside the entry and checks it on every hit; a miss only costs a recomputation.
 * Entries must be immutable with final fields: then a plain array write publishes them safely
 * to the other event loops (a stale or missing entry is just a miss).
 *
 * @param <E> the entry type: the key's parts and the value
 */
public final class Memo<E> {
    private final Object[] slots;
    private final int mask;

    /** @param slots how many entries at most; rounded up to a power of two */
    public Memo(int slots) {
        int n = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.slots = new Object[n];
        this.mask = n - 1;
    }

    /** The entry in {@code hash}'s slot, or {@code null}; the caller checks it is for its key. */
    @SuppressWarnings("unchecked")
    public E get(int hash) {
        return (E) slots[spread(hash) & mask];
    }

    /** Keeps {@code entry} in {@code hash}'s slot, replacing the one there; returns {@code entry}. */
    public E put(int hash, E entry) {
        slots[spread(hash) & mask] = entry;
        return entry;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
