package dev.telltale.admin;

import java.util.List;

/**
 * The outcome of a reload.
 *
 * @param errors every problem as {@code FILE:LINE:COL: message}; empty when {@code ok}
 */
public record ReloadResult(boolean ok, List<String> errors) {
    public ReloadResult {
        errors = List.copyOf(errors);
    }

    public static ReloadResult success() {
        return new ReloadResult(true, List.of());
    }

    public static ReloadResult failed(List<String> errors) {
        return new ReloadResult(false, errors);
    }
}
