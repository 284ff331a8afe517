package dev.telltale.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The scripts behind {@link FaultServer}'s factories; each is documented there with the cause it provokes. */
final class Faults {
    /** A TLS alert record: content type 21, TLS 1.2, length 2, fatal (2), protocol_version (70). */
    static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46};
    /** An empty HTTP/2 SETTINGS frame then GOAWAY(last stream 0, PROTOCOL_ERROR), as an h2-only server answers HTTP/1.1. */
    static final byte[] HTTP2_SETTINGS_GOAWAY = {
        0, 0, 0, 0x04, 0, 0, 0, 0, 0,
        0, 0, 0x08, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};

    private Faults() {
    }

    static Fault acceptThenClose() {
        return c -> c.readRequest();
    }

    static Fault resetAfterRequest() {
        return c -> {
            c.readRequest();
            c.reset();
        };
    }

    static Fault stallAfterRequest() {
        return c -> {
            c.readRequest();
            c.drainUntilEof();
        };
    }

    static Fault notReading() {
        return FaultConnection::holdUntilServerClosed;
    }

    static Fault bytesThenStall(String bytes) {
        return c -> {
            c.readRequest();
            c.write(bytes);
            c.drainUntilEof();
        };
    }

    static Fault partialBody(int declaredLength, int sentLength, boolean thenRst) {
        if (sentLength < 0 || sentLength >= declaredLength) {
            throw new IllegalArgumentException("sentLength: " + sentLength + " (expected: 0.." + (declaredLength - 1) + ")");
        }
        return c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + declaredLength + "\r\n\r\n");
            byte[] body = new byte[sentLength];
            Arrays.fill(body, (byte) 'x');
            c.write(body);
            if (thenRst) {
                c.reset();
            } else {
                c.closeGracefully();
            }
        };
    }

    static Fault chunkedThenBadChunk() {
        return c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "6\r\nhello\n\r\n"
                    + "zz-not-hex\r\nbroken\r\n");
            c.closeGracefully();
        };
    }

    static Fault badStatusLine() {
        return writeThenClose("HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n");
    }

    static Fault badHeader() {
        // A field line without a colon. Not "Name : value": Netty's response decoder tolerates
        // whitespace before the colon (it ends the name there), so that would not fail a proxy.
        return writeThenClose("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Broken-Header-Without-Colon\r\n\r\nok");
    }

    static Fault hugeHeader(int bytes) {
        return c -> {
            c.readRequest();
            byte[] value = new byte[bytes];
            Arrays.fill(value, (byte) 'a');
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Huge: ");
            c.write(value);
            c.write("\r\n\r\n");
            c.closeGracefully();
        };
    }

    static Fault greeting(String greeting, String answer) {
        return c -> {
            c.write(greeting);
            try {
                c.readRequest();
            } catch (IOException e) {
                // whatever the peer sent instead of an HTTP request, the answer is the same
            }
            if (answer != null) {
                c.write(answer);
            }
            c.closeGracefully();
        };
    }

    static Fault tlsServer() {
        // A TLS server reads "GET " as a record header with content type 0x47, which is no
        // record type, and answers with a fatal alert record before closing.
        return c -> {
            c.readRequest();
            c.write(TLS_ALERT);
            c.closeGracefully();
        };
    }

    static Fault http2Only() {
        return c -> {
            c.readRequest();
            c.write(HTTP2_SETTINGS_GOAWAY);
            c.closeGracefully();
        };
    }

    static Fault plainHttpServer() {
        // A TLS ClientHello is not an HTTP request: read what came, answer 400 like any HTTP server.
        return c -> {
            c.in().read(new byte[16 * 1024]);
            String body = "This is a plain HTTP server.\n";
            c.write("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body);
            c.closeGracefully();
        };
    }

    static Fault respond(String rawResponse) {
        boolean close = rawResponse.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
        byte[] bytes = rawResponse.getBytes(StandardCharsets.ISO_8859_1);
        return c -> {
            while (c.readRequest() != null) {
                c.write(bytes);
                if (close) {
                    c.closeGracefully();
                    return;
                }
            }
        };
    }

    private static Fault writeThenClose(String response) {
        return c -> {
            c.readRequest();
            c.write(response);
            c.closeGracefully();
        };
    }
}
