package dev.telltale.nginx;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An nginx config that cannot be used, with every error found in it (in the order found).
 * Expected, so it carries no stack trace: print {@link #describe()} instead.
 */
public final class NginxConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<NginxError> errors;

    public NginxConfigException(List<NginxError> errors) {
        super(null, null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: [] (expected: at least one error)");
        }
        this.errors = List.copyOf(errors);
    }

    NginxConfigException(NginxError error) {
        this(List.of(error));
    }

    /** Never empty. */
    public List<NginxError> errors() {
        return errors;
    }

    /** One {@code message in FILE:LINE} line per error. */
    public String describe() {
        return errors.stream().map(NginxError::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String getMessage() {
        return describe();
    }
}
