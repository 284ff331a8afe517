package dev.telltale.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code server} section.
 *
 * @param listen        addresses the data plane binds to
 * @param workers       event-loop threads; 0 means one per available processor ({@code auto})
 * @param shutdownGrace how long SIGTERM waits for in-flight requests
 * @param resolver      how upstream host names are resolved
 */
public record ServerConfig(List<ListenAddress> listen, int workers, Duration shutdownGrace, Limits limits,
                           ResolverConfig resolver) {
    public static final ServerConfig DEFAULT = new ServerConfig(
            List.of(new ListenAddress("127.0.0.1", 8080)), 0, Duration.ofSeconds(10), Limits.DEFAULT,
            ResolverConfig.DEFAULT);

    public ServerConfig {
        listen = List.copyOf(Checks.required("listen", listen));
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("listen: [] (expected: at least one host:port)");
        }
        Checks.range("workers", workers, 0, 1024);
        Checks.positive("shutdown_grace", shutdownGrace);
        Checks.required("limits", limits);
        Checks.required("resolver", resolver);
    }

    /** Event-loop threads to start, resolving {@code auto}. */
    public int effectiveWorkers() {
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }
}
