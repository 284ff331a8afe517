package dev.telltale.diagnose;

import java.util.Locale;

/** RFC 9209 {@code Proxy-Status} error types used by Telltale; the wire name is the lower-case constant. */
public enum ProxyStatus {
    CONNECTION_REFUSED,
    CONNECTION_TIMEOUT,
    CONNECTION_WRITE_TIMEOUT,
    CONNECTION_READ_TIMEOUT,
    CONNECTION_TERMINATED,
    HTTP_RESPONSE_INCOMPLETE,
    HTTP_PROTOCOL_ERROR,
    HTTP_RESPONSE_HEADER_SECTION_SIZE,
    HTTP_RESPONSE_TRANSFER_CODING,
    DNS_ERROR,
    DNS_TIMEOUT,
    DESTINATION_IP_UNROUTABLE,
    TLS_PROTOCOL_ERROR,
    TLS_CERTIFICATE_ERROR,
    TLS_ALERT_RECEIVED,
    DESTINATION_UNAVAILABLE,
    CONNECTION_LIMIT_REACHED,
    PROXY_INTERNAL_ERROR;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
