package dev.telltale.config;

/**
 * The {@code admin} section.
 *
 * @param listen where the Undertow admin plane binds; {@code null} when {@code off}
 * @param token  bearer token for the admin plane's write endpoints; {@code null} disables them
 */
public record AdminConfig(ListenAddress listen, String token) {
    public static final AdminConfig DEFAULT = new AdminConfig(new ListenAddress("127.0.0.1", 9901), null);

    public boolean enabled() {
        return listen != null;
    }

    @Override
    public String toString() {
        return "AdminConfig[listen=" + listen + ", token=" + (token == null ? "null" : "<redacted>") + "]";
    }
}
