package dev.telltale.boot;

/**
 * Sizes Netty's pooled buffer allocator for a proxy whose buffers are small and short-lived,
 * through the {@code io.netty.allocator.*} system properties it reads once, when it is first
 * used. A property the user set (on the command line, {@code -Dio.netty.allocator...}) wins.
 *
 * <ul>
 *   <li>{@code maxOrder} 7: chunks of 1 MiB (8 KiB pages × 2^7) instead of 4 MiB. A chunk of
 *       direct memory is zeroed, so resident, as soon as it is allocated: the first request made
 *       4 MiB resident. Every buffer the proxy pools is at most 64 KiB (a socket read, a body
 *       piece, a response head), far below a chunk; a larger one would be allocated unpooled.</li>
 *   <li>{@code numDirectArenas} and {@code numHeapArenas}: one per event loop (Netty's default is
 *       two per core). Each event loop keeps its own arena, as by default; other threads that
 *       allocate share them instead of opening chunks of their own.</li>
 * </ul>
 */
final class BufferPools {
    private BufferPools() {
    }

    /** Sets the properties above unless set; effective only before the allocator's first use. */
    static void size(int eventLoops) {
        setIfAbsent("io.netty.allocator.maxOrder", "7");
        setIfAbsent("io.netty.allocator.numDirectArenas", Integer.toString(eventLoops));
        setIfAbsent("io.netty.allocator.numHeapArenas", Integer.toString(eventLoops));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
