package dev.telltale.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain blocking client for observing fault servers from the outside. */
final class Clients {
    static final String GET = "GET /x HTTP/1.1\r\nHost: upstream\r\n\r\n";

    private Clients() {
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000); // a hung test fails instead of hanging
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Everything until EOF; a reset or timeout propagates. */
    static byte[] readToEof(Socket s) throws IOException {
        return s.getInputStream().readAllBytes();
    }

    /** Exactly {@code n} bytes, or fewer when EOF comes first. */
    static byte[] readN(Socket s, int n) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (out.size() < n) {
            int r = in.read(buf, 0, Math.min(buf.length, n - out.size()));
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** Reads until EOF or an exception, and returns what came and how it ended. */
    static Outcome readUntilEnd(Socket s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            InputStream in = s.getInputStream();
            int r;
            while ((r = in.read(buf)) >= 0) {
                out.write(buf, 0, r);
            }
            return new Outcome(out.toByteArray(), null);
        } catch (IOException e) {
            return new Outcome(out.toByteArray(), e);
        }
    }

    record Outcome(byte[] bytes, IOException error) {
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
