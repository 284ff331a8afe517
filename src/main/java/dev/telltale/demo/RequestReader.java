package dev.telltale.demo;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads one HTTP/1.x request (head, then a Content-Length or chunked body) from a stream. */
final class RequestReader {
    /** A request head longer than this is not HTTP a proxy would send; reading gives up. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private RequestReader() {
    }

    /**
     * Reads up to and including the blank line ending the head, then the body it announces.
     *
     * @return the request, or {@code null} when the stream ended before its first byte
     *         (a keep-alive connection closed by the peer)
     * @throws EOFException when the stream ends inside a request
     * @throws IOException  when the head exceeds {@link #MAX_HEAD_BYTES} or the chunked framing is broken
     */
    static ReceivedRequest read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        ReceivedRequest request = new ReceivedRequest(head, 0);
        String te = request.header("Transfer-Encoding");
        String cl = request.header("Content-Length");
        long body = 0;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = skipChunked(in);
        } else if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new IOException("Content-Length: " + cl + " (expected: a number)");
            }
            skipExactly(in, length);
            body = length;
        }
        return new ReceivedRequest(head, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0; // how much of CR LF CR LF was just seen
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a request head after " + head.size() + " bytes");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long skipChunked(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("chunk size: " + line + " (expected: hexadecimal digits)");
            }
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields: read and dropped
                }
                return total;
            }
            skipExactly(in, size);
            total += size;
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a chunked body");
            }
            if (b == '\n') {
                int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            if (line.length() > 8192) {
                throw new IOException("chunk line over 8192 bytes");
            }
            line.append((char) b);
        }
    }

    private static void skipExactly(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("stream ended " + left + " bytes before the end of a body of " + n);
            }
            left -= r;
        }
    }
}
