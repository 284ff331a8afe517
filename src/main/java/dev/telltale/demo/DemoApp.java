package dev.telltale.demo;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The healthy application behind the demo's {@code /} route, on Undertow at 127.0.0.1, port 0:
 * {@code /} answers a small HTML page, {@code /slow} answers after {@link #SLOW_MILLIS},
 * {@code /stream} streams {@link #STREAM_LINES} lines of chunked text, one every
 * {@link #STREAM_GAP_MILLIS}; any other path is a 404. Delays are timers on the I/O thread, so
 * no thread sleeps and {@link #close()} never waits for a response in progress.
 */
final class DemoApp implements AutoCloseable {
    static final long SLOW_MILLIS = 3000;
    static final int STREAM_LINES = 5;
    static final long STREAM_GAP_MILLIS = 200;
    static final String HOME = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Demo app</title></head>\n"
            + "<body><h1>hello from the demo app</h1>\n"
            + "<p>This answer came through Telltale. Try <a href=\"/slow\">/slow</a> and"
            + " <a href=\"/stream\">/stream</a>, then the broken routes the demo printed.</p></body></html>\n";

    private final Undertow server;

    private DemoApp(Undertow server) {
        this.server = server;
    }

    static DemoApp start() {
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(2)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path()
                        .addExactPath("/slow", DemoApp::slow)
                        .addExactPath("/stream", DemoApp::stream)
                        .addPrefixPath("/", DemoApp::home))
                .build();
        server.start();
        return new DemoApp(server);
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static void home(HttpServerExchange exchange) {
        if (!exchange.getRequestPath().equals("/")) {
            exchange.setStatusCode(404);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("not found: the demo app serves /, /slow and /stream\n");
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseSender().send(HOME);
    }

    private static void slow(HttpServerExchange exchange) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(() -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("slow hello, after " + SLOW_MILLIS + " ms\n");
        }, SLOW_MILLIS, TimeUnit.MILLISECONDS));
    }

    private static void stream(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> streamLine(exchange, 1));
    }

    private static void streamLine(HttpServerExchange exchange, int n) {
        exchange.getResponseSender().send("line " + n + " of " + STREAM_LINES + "\n", new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                if (n == STREAM_LINES) {
                    sender.close(IoCallback.END_EXCHANGE);
                } else {
                    ex.getIoThread().executeAfter(() -> streamLine(ex, n + 1), STREAM_GAP_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                IoCallback.END_EXCHANGE.onException(ex, sender, e);
            }
        });
    }
}
