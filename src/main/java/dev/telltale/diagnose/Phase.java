package dev.telltale.diagnose;

import java.util.Locale;

/** Where in one upstream attempt a failure happened, in order. */
public enum Phase {
    RESOLVE, CONNECT, SEND_REQUEST, READ_HEADERS, READ_BODY;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
