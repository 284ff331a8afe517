package dev.telltale.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client on a raw socket: sends exactly the bytes a test writes
 * (smuggling patterns, pipelining, Expect) and parses responses strictly enough to assert on.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public Socket socket() {
        return socket;
    }

    /** A parsed response; {@code complete} is false when the connection ended mid-body. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response; {@code head} true for a response to HEAD (no body). */
    public Response read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.merge(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (code / 100 == 1 || head || code == 204 || code == 304) {
            return new Response(code, headers, new byte[0], true);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete = true;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line();
                if (size == null) {
                    complete = false;
                    break;
                }
                int n = Integer.parseInt(size.trim().split(";")[0], 16);
                if (n == 0) {
                    for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                        // trailers
                    }
                    break;
                }
                if (!readFully(body, n)) {
                    complete = false;
                    break;
                }
                line();
            }
        } else if (headers.containsKey("content-length")) {
            complete = readFully(body, Long.parseLong(headers.get("content-length")));
        } else {
            in.transferTo(body);
        }
        return new Response(code, headers, body.toByteArray(), complete);
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** True when the server closed the connection (EOF or reset) within the socket timeout. */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    private boolean readFully(ByteArrayOutputStream body, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r;
            try {
                r = in.read(buf, 0, (int) Math.min(buf.length, n));
            } catch (java.net.SocketException e) {
                return false;
            }
            if (r < 0) {
                return false;
            }
            body.write(buf, 0, r);
            n -= r;
        }
        return true;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
