package dev.telltale.demo;

import java.util.Locale;

/**
 * One request a {@link FaultServer} read: its head as sent (request line and headers, ISO-8859-1,
 * with the final blank line) and how many body bytes followed it.
 *
 * @param head      the request head, e.g. {@code "GET / HTTP/1.1\r\nHost: x\r\n\r\n"}
 * @param bodyBytes body bytes read after the head (Content-Length or de-chunked), 0 when none
 */
public record ReceivedRequest(String head, long bodyBytes) {

    /** The method of the request line, e.g. {@code GET}. */
    public String method() {
        String line = requestLine();
        int sp = line.indexOf(' ');
        return sp < 0 ? line : line.substring(0, sp);
    }

    /** The request target of the request line, e.g. {@code /index.html?x=1}. */
    public String target() {
        String[] parts = requestLine().split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** The first value of a header (name case-insensitive, value trimmed), or {@code null}. */
    public String header(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private String requestLine() {
        int end = head.indexOf("\r\n");
        return end < 0 ? head : head.substring(0, end);
    }
}
