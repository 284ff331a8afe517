package dev.telltale.config;

/**
 * A route that answers by itself, nginx's {@code return}: {@code return: {status: 301,
 * location: "https://$host$request_uri"}} or {@code return: {status: 200, body: "ok\n"}}.
 * {@code location} and {@code body} may name request variables ({@code $host}, {@code $uri},
 * ...). Status 444 closes the connection without an answer, as in nginx.
 *
 * @param status      the status code, 100..599 or 444
 * @param location    the {@code Location} header (redirects), or {@code null}
 * @param body        the body text, or {@code null} for the standard page of the status
 * @param contentType the body's {@code Content-Type}; {@code text/plain} when {@code null}
 */
public record ReturnConfig(int status, String location, String body, String contentType) {
    public ReturnConfig {
        if (status != 444) {
            Checks.range("status", status, 100, 599);
        }
        if (location != null && body != null) {
            throw new IllegalArgumentException("location: " + location + " (expected: either location or body, "
                    + "not both)");
        }
        if (location != null) {
            Template.parse("location", location);
        }
        if (body != null) {
            Template.parse("body", body);
        }
    }
}
