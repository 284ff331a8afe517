package dev.telltale.nginx.diff;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.x upstream on a raw {@link ServerSocket} that records exactly what reached it (request
 * line as sent, every header in order, a hash of the body) and answers with a response the request
 * scripts through headers:
 * <ul>
 *   <li>{@code X-Reply-Status: N} — that status (default 200);</li>
 *   <li>{@code X-Reply-Header: Name: value} — that header on the response (repeatable);</li>
 *   <li>{@code X-Reply-Body-Size: N} — N deterministic bytes instead of the default text body
 *       {@code upstream=NAME method=M target=T}.</li>
 * </ul>
 * Every response carries {@code X-Upstream: NAME} and {@code X-Powered-By: recorder}, so a test
 * can tell a proxied answer from one the proxy made and can hide a header. Keep-alive is honoured
 * (Telltale pools connections; nginx sends HTTP/1.0 and closes).
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream received it; header names lower-cased, repeated ones joined with ", ". */
    record Seen(String upstream, String method, String target, Map<String, String> headers, String bodySha256,
                long bodyLength) {
        String body() {
            return bodyLength == 0 ? "(none)" : bodyLength + " bytes sha256=" + bodySha256.substring(0, 16);
        }
    }

    private final String name;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-upstream");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();

    RecordingUpstream(String name) throws IOException {
        this.name = name;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Everything recorded since the last call, oldest first, and forgets it. */
    List<Seen> drain() {
        List<Seen> out = new ArrayList<>();
        for (Seen s; (s = seen.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (serveOne(in, out)) {
                // keep-alive: next request on the same connection
            }
        } catch (IOException e) {
            // the proxy closed or reset the connection: nothing to record
        } finally {
            open.remove(socket);
        }
    }

    /** Reads, records and answers one request; false when the connection is to close. */
    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return false;
        }
        String[] parts = requestLine.split(" ", 3);
        String method = parts[0];
        String target = parts.length > 1 ? parts[1] : "";
        String version = parts.length > 2 ? parts[2] : "HTTP/0.9";
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> replyHeaders = new ArrayList<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int c = l.indexOf(':');
            String n = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String v = l.substring(c + 1).trim();
            headers.merge(n, v, (a, b) -> a + ", " + b);
            if (n.equals("x-reply-header")) {
                replyHeaders.add(v);
            }
        }
        MessageDigest sha = sha256();
        long length = readBody(in, headers, sha);
        seen.add(new Seen(name, method, target, headers, HexFormat.of().formatHex(sha.digest()), length));

        int status = Integer.parseInt(headers.getOrDefault("x-reply-status", "200"));
        byte[] body = headers.containsKey("x-reply-body-size")
                ? bytes(Integer.parseInt(headers.get("x-reply-body-size")))
                : ("upstream=" + name + " method=" + method + " target=" + target + "\n").getBytes(StandardCharsets.UTF_8);
        boolean close = headers.getOrDefault("connection", "").equalsIgnoreCase("close")
                || version.equals("HTTP/1.0") && !headers.getOrDefault("connection", "").equalsIgnoreCase("keep-alive");
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: text/plain; charset=utf-8\r\nX-Upstream: ").append(name)
                .append("\r\nX-Powered-By: recorder\r\n");
        for (String h : replyHeaders) {
            head.append(h).append("\r\n");
        }
        boolean noBody = status == 204 || status == 304 || status / 100 == 1;
        if (!noBody) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && !method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
        return !close;
    }

    private static long readBody(InputStream in, Map<String, String> headers, MessageDigest sha) throws IOException {
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            long total = 0;
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("eof in chunked body");
                }
                int n = Integer.parseInt(size.trim().split(";")[0], 16);
                if (n == 0) {
                    for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                        // trailers
                    }
                    return total;
                }
                copy(in, n, sha);
                total += n;
                line(in);
            }
        }
        long n = Long.parseLong(headers.getOrDefault("content-length", "0").split(",")[0].trim());
        copy(in, n, sha);
        return n;
    }

    private static void copy(InputStream in, long n, MessageDigest sha) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("eof in body");
            }
            sha.update(buf, 0, r);
            n -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** The {@code X-Reply-Body-Size} body: the same N bytes every time. */
    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s; (s = open.poll()) != null; ) {
            s.close();
        }
        threads.shutdownNow();
    }
}
