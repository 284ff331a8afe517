package dev.telltale.config;

/** How much a diagnostic page says: {@code diagnostics.detail}. */
public enum DetailLevel {
    /** Everything, to every client. For development. */
    FULL,
    /** Everything to {@code diagnostics.trusted} clients; cause, title and request id to others. */
    SAFE,
    /** A short generic page with the request id only. */
    OFF;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
