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
 *   <li>{@code /hold} — holds the request until the app is stopped (at most 10 s), as a request
 *       caught in flight by a crash;</li>
 *   <li>anything else — the path as the body.</li>
 * </ul>
 * Counts the requests it received by path ({@link #requests}). A stopped app can be started
 * again on the port it had ({@link #TestApp(int)}), as a restarted instance would.
 */
public final class TestApp implements AutoCloseable {
    private final Undertow server;
    private final int port;
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> requests =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    /** An app on a free port. */
    public TestApp() {
        this(0);
    }

    /** An app on {@code port}; 0 picks a free one. */
    public TestApp(int port) {
        server = Undertow.builder().addHttpListener(port, "127.0.0.1").setWorkerThreads(8)
                .setServerOption(io.undertow.UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setHandler(ex -> {
                    if (stopped.getCount() == 0) {
                        // Stopping: answer nothing, as a killed process would. Dispatching now would
                        // get Undertow's own 503 from its shut-down worker pool, an answer a dead app never gives.
                        ex.getConnection().close();
                        return;
                    }
                    if (ex.isInIoThread()) {
                        ex.dispatch(this::handle);
                        return;
                    }
                    handle(ex);
                }).build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void handle(HttpServerExchange ex) throws Exception {
        ex.startBlocking();
        String path = ex.getRequestPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.equals("/hold")) {
            if (stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                ex.getConnection().close(); // dies without an answer, as a crashing process would
                return;
            }
            ex.getResponseSender().send(path);
        } else if (path.equals("/download")) {
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

    /** Requests received for {@code path}, whether answered or not. */
    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /** The port it listens on, or listened on before it was stopped. */
    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopped.countDown(); // first: stop() waits for the requests being handled
        server.stop();
    }
}
