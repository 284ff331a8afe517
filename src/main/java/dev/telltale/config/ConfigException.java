package dev.telltale.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be used, with every error found in it (not only the first), in file
 * order. Expected, so it carries no stack trace: print {@link #describe()} instead.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(null, null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: [] (expected: at least one error)");
        }
        this.errors = errors.stream()
                .sorted(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column))
                .toList();
    }

    /** The errors sorted by line then column; whole-file errors first. Never empty. */
    public List<ConfigError> errors() {
        return errors;
    }

    /** One {@code FILE:LINE:COL: message} line per error, as {@code telltale -t} prints them. */
    public String describe() {
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String getMessage() {
        return describe();
    }
}
