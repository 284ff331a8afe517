package dev.telltale.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code server.resolver} section: DNS for upstream host names (like nginx's {@code resolver}).
 *
 * @param servers name servers as host:port; empty means the system's ({@code /etc/resolv.conf})
 * @param timeout one query's timeout; a name not answered within it fails with cause {@code dns}
 */
public record ResolverConfig(List<ListenAddress> servers, Duration timeout) {
    public static final ResolverConfig DEFAULT = new ResolverConfig(List.of(), Duration.ofSeconds(5));

    public ResolverConfig {
        servers = List.copyOf(Checks.required("servers", servers));
        Checks.positive("timeout", timeout);
    }
}
