package dev.telltale.boot;

/**
 * Netty's buffer settings for a proxy whose buffers are small and short-lived, made through the
 * {@code io.netty.allocator.*} and {@code io.netty.leakDetection.level} system properties that
 * Netty reads once, on first use. A property the user set (on the command line, {@code -D...})
 * wins.
 *
 * <ul>
 *   <li>{@code maxOrder} 7: chunks of 1 MiB (8 KiB pages × 2^7) instead of 4 MiB. A chunk of
 *       direct memory is zeroed, so resident, as soon as it is allocated: the first request made
 *       4 MiB resident. Every buffer the proxy pools is at most 64 KiB (a socket read, a body
 *       piece, a response head), far below a chunk; a larger one would be allocated unpooled.</li>
 *   <li>{@code numDirectArenas} and {@code numHeapArenas}: one per event loop (Netty's default is
 *       two per core). Each event loop keeps its own arena, as by default; other threads that
 *       allocate share them instead of opening chunks of their own.</li>
 *   <li>{@code io.netty.leakDetection.level} {@code disabled}: Netty's default ({@code simple})
 *       tracks one buffer in 128 with a weak reference and a stack trace, and polls a reference
 *       queue; that cost ~5 % of the CPU of a small proxied request (an interleaved A/B run,
 *       bench/README.md). The test suite runs with {@code paranoid} (every buffer tracked, a leak
 *       fails the run); {@code -Dio.netty.leakDetection.level=simple} turns it back on.</li>
 * </ul>
 */
final class BufferPools {
    private BufferPools() {
    }

    /** Sets the properties above unless set; effective only before the allocator's (and the leak detector's) first use. */
    static void configure(int eventLoops) {
        setIfAbsent("io.netty.allocator.maxOrder", "7");
        setIfAbsent("io.netty.allocator.numDirectArenas", Integer.toString(eventLoops));
        setIfAbsent("io.netty.allocator.numHeapArenas", Integer.toString(eventLoops));
        setIfAbsent("io.netty.leakDetection.level", "disabled");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
