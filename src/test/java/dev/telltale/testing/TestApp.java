package dev.telltale.testing;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream on Undertow for streaming tests:
 * <ul>
 *   <li>{@code GET /download?size=N[&chunked=1]} — N deterministic bytes ({@link #bytes}), with
 *       Content-Length or chunked;</li>
 *   <li>{@code POST|PUT /upload} — reads the body, answers {@code <sha256> <length>};</li>
 *   <li>{@code /status/NNN} — that status, no body;</li>
 *   <li>anything else — the path as the body.</li>
 * </ul>
 */
public final class TestApp implements AutoCloseable {
    private final Undertow server;
    private final AtomicInteger connections = new AtomicInteger();

    public TestApp() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(8)
                .setServerOption(io.undertow.UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setHandler(ex -> {
                    if (ex.isInIoThread()) {
                        ex.dispatch(this::handle);
                        return;
                    }
                    handle(ex);
                }).build();
        server.start();
    }

    private void handle(HttpServerExchange ex) throws Exception {
        ex.startBlocking();
        String path = ex.getRequestPath();
        if (path.equals("/download")) {
            long size = Long.parseLong(ex.getQueryParameters().get("size").getFirst());
            if (!ex.getQueryParameters().containsKey("chunked")) {
                ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, size);
            }
            try (OutputStream out = ex.getOutputStream()) {
                Random r = new Random(size);
                byte[] buf = new byte[64 * 1024];
                for (long left = size; left > 0; ) {
                    r.nextBytes(buf);
                    int n = (int) Math.min(buf.length, left);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        } else if (path.equals("/upload")) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = ex.getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    total += n;
                }
            }
            ex.getResponseSender().send(HexFormat.of().formatHex(sha.digest()) + " " + total);
        } else if (path.startsWith("/status/")) {
            ex.setStatusCode(Integer.parseInt(path.substring(8)));
            ex.getResponseHeaders().put(new HttpString("X-Status"), path.substring(8));
            ex.endExchange();
        } else {
            ex.getResponseSender().send(path);
        }
    }

    /** The bytes {@code /download?size=N} sends. */
    public static Random bytes(long size) {
        return new Random(size);
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
