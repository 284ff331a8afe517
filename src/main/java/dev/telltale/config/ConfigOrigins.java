package dev.telltale.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where each configured value came from, so diagnostics can say
 * {@code upstreams.app.timeouts.read = 1s (conf/telltale.yaml:23)}. Keys are dotted paths as in
 * the YAML ({@code routes.0.timeouts.read}); a value left at its default has no origin.
 *
 * @param file the config file as the user named it, or {@code null} for the embedded default
 */
public record ConfigOrigins(String file, Map<String, Integer> lines) {
    public static final ConfigOrigins NONE = new ConfigOrigins(null, Map.of());

    public ConfigOrigins {
        lines = Map.copyOf(lines);
    }

    /** {@code conf/telltale.yaml:23} for a key set in the file, empty for a default. */
    public Optional<String> of(String keyPath) {
        Integer line = lines.get(keyPath);
        return line == null || file == null ? Optional.empty() : Optional.of(file + ":" + line);
    }
}
