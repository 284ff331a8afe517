package dev.telltale.config;

/**
 * nginx's {@code proxy_redirect from to}: an upstream answer's {@code Location} (and
 * {@code Refresh}) header that starts with {@code from} gets {@code to} instead of that start.
 * A {@code to} that is a path ({@code /app/}) is made absolute with the request's scheme and
 * host, as nginx does for redirects. Compared case-sensitively, the first rule that applies wins.
 *
 * @param from the start to replace, such as {@code http://127.0.0.1:3000/}
 * @param to   what replaces it, such as {@code /app/}
 */
public record LocationRewrite(String from, String to) {
    public LocationRewrite {
        Checks.required("from", from);
        Checks.required("to", to);
        if (from.isEmpty()) {
            throw new IllegalArgumentException("from: \"\" (expected: the start of a Location value)");
        }
    }
}
