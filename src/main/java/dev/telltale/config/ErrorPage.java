package dev.telltale.config;

import java.util.List;

/**
 * nginx's {@code error_page} for answers Telltale makes itself (files not found, {@code return}
 * statuses): the answer is replaced by {@code uri}, matched again against the routes, with the
 * original status or {@code code}. Diagnostic answers about upstream failures are never replaced.
 *
 * @param statuses the statuses it applies to, 300..599
 * @param uri      a path starting with {@code /}, or {@code @name} for a named route
 * @param code     the status to answer with instead, or {@code null} to keep the original
 */
public record ErrorPage(List<Integer> statuses, String uri, Integer code) {
    public ErrorPage {
        statuses = List.copyOf(Checks.required("status", statuses));
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("status: [] (expected: at least one status code)");
        }
        for (int s : statuses) {
            Checks.range("status", s, 300, 599);
        }
        Checks.required("uri", uri);
        if (!uri.startsWith("/") && !uri.startsWith("@")) {
            throw new IllegalArgumentException("uri: " + uri + " (expected: a path starting with / or @name)");
        }
        if (code != null) {
            Checks.range("code", code, 100, 599);
        }
    }
}
