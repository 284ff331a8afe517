package dev.telltale.diagnose;

import java.util.Locale;

/**
 * The closed set of upstream failure families (DESIGN §4.1). The wire name appears in the
 * page, the {@code type} URN, the logs, metrics labels and the README's cause catalogue.
 */
public enum Cause {
    REFUSED("Upstream refused the connection"),
    TIMEOUT("Upstream timed out"),
    RESET("Upstream closed the connection"),
    MALFORMED("Upstream sent an invalid response"),
    DNS("Upstream host name did not resolve"),
    UNREACHABLE("Upstream address is unreachable"),
    TLS("TLS with the upstream failed"),
    NO_LIVE_UPSTREAM("No live upstream server"),
    OVERLOADED("Proxy is overloaded");

    private final String wireName;
    private final String title;

    Cause(String title) {
        this.wireName = name().toLowerCase(Locale.ROOT);
        this.title = title;
    }

    public String wireName() {
        return wireName;
    }

    /** The RFC 9457 {@code title}: one short sentence, no addresses. */
    public String title() {
        return title;
    }

    /** The RFC 9457 {@code type}: {@code urn:telltale:cause:refused}. */
    public String typeUri() {
        return "urn:telltale:cause:" + wireName;
    }

    /** True when nothing of the request can have reached the application. */
    public boolean beforeSend() {
        return this == REFUSED || this == DNS || this == UNREACHABLE || this == NO_LIVE_UPSTREAM
                || this == OVERLOADED;
    }
}
