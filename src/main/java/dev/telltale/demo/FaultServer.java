package dev.telltale.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving upstream on raw sockets: listens on {@code 127.0.0.1}, port 0, and runs one
 * scripted {@link Fault} per accepted connection on its own daemon thread. Each factory names
 * the failure it provokes in a proxy (DESIGN §4.1 cause, then RFC 9209 proxy status).
 * {@link #close()} closes the listener and every accepted connection.
 */
public final class FaultServer implements AutoCloseable {
    /** Receive buffer of {@link #notReading()}'s connections: small, so a sender blocks early. */
    static final int SMALL_RECEIVE_BUFFER = 4096;

    private final ServerSocket listener;
    private final Fault fault;
    private final List<Socket> held;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService threads;

    private FaultServer(ServerSocket listener, Fault fault, List<Socket> held) {
        this.listener = listener;
        this.fault = fault;
        this.held = held;
        String name = "fault-server-" + listener.getLocalPort();
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (fault != null) {
            threads.execute(this::acceptLoop);
        }
    }

    /** A server running {@code fault} on every connection: build any misbehaviour a test needs. */
    public static FaultServer script(Fault fault) {
        return start(fault, 0);
    }

    /** Reads the request, then closes cleanly (FIN): EOF before any response → {@code reset} / {@code connection_terminated}. */
    public static FaultServer acceptThenClose() {
        return script(Faults.acceptThenClose());
    }

    /** Reads the request, then aborts with an RST (SO_LINGER 0) → {@code reset} / {@code connection_terminated}. */
    public static FaultServer resetAfterRequest() {
        return script(Faults.resetAfterRequest());
    }

    /** Reads the request and never answers, until the peer or the server closes → {@code timeout} / {@code connection_read_timeout}. */
    public static FaultServer stallAfterRequest() {
        return script(Faults.stallAfterRequest());
    }

    /**
     * Accepts and never reads, with a 4 KiB receive buffer: a large request body fills the
     * buffers and the proxy's writes stop → {@code timeout} / {@code connection_write_timeout}.
     */
    public static FaultServer notReading() {
        return start(Faults.notReading(), SMALL_RECEIVE_BUFFER);
    }

    /**
     * Reads the request, sends {@code bytes} (a head, perhaps with part of a body, or part of a
     * head) and stalls: with a complete head → {@code timeout} / {@code connection_read_timeout}
     * in phase {@code read_body}; with a partial head, the same in {@code read_headers}.
     */
    public static FaultServer headersThenStall(String bytes) {
        return script(Faults.bytesThenStall(bytes));
    }

    /**
     * Reads the request, answers 200 with {@code Content-Length: declaredLength}, sends only
     * {@code sentLength} body bytes, then resets (RST → {@code reset}) or closes cleanly (FIN →
     * {@code malformed}); both {@code http_response_incomplete} in phase {@code read_body}. For a
     * short body followed by a stall use {@link #headersThenStall(String)}.
     */
    public static FaultServer partialBody(int declaredLength, int sentLength, boolean thenRst) {
        return script(Faults.partialBody(declaredLength, sentLength, thenRst));
    }

    /** A chunked 200 with one good chunk, then a chunk size line that is not hex → {@code malformed} / {@code http_response_transfer_coding}. */
    public static FaultServer chunkedThenBadChunk() {
        return script(Faults.chunkedThenBadChunk());
    }

    /** Answers {@code HTTP/1.1 abc Nope} → {@code malformed} / {@code http_protocol_error}. */
    public static FaultServer badStatusLine() {
        return script(Faults.badStatusLine());
    }

    /** Answers 200 with a header line that has no colon → {@code malformed} / {@code http_protocol_error}. */
    public static FaultServer badHeader() {
        return script(Faults.badHeader());
    }

    /** Answers 200 with one header value of {@code bytes} bytes → {@code malformed} / {@code http_response_header_section_size}. */
    public static FaultServer hugeHeader(int bytes) {
        return script(Faults.hugeHeader(bytes));
    }

    /**
     * Sends {@code bytes} as soon as the connection is accepted, before any request, then reads
     * the request and closes: a non-HTTP service on an HTTP upstream's port → {@code malformed}
     * with the greeting in {@code received}.
     */
    public static FaultServer greeting(String bytes) {
        return script(Faults.greeting(bytes, null));
    }

    /** An OpenSSH server's identification line, sent on accept. */
    public static FaultServer sshGreeting() {
        return greeting("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    }

    /** A Postfix SMTP banner on accept, then Postfix's answer to an HTTP request, then close. */
    public static FaultServer smtpGreeting() {
        return script(Faults.greeting("220 mail.example.com ESMTP Postfix\r\n",
                "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n"));
    }

    /**
     * Answers the plaintext request with a fatal TLS alert record ({@code 15 03 03 00 02 02 46}),
     * as a TLS server does on plaintext: an {@code https} upstream configured as {@code http} →
     * {@code malformed} with a TLS record in {@code received}.
     */
    public static FaultServer tlsServer() {
        return script(Faults.tlsServer());
    }

    /** Answers with an HTTP/2 SETTINGS frame and a GOAWAY, then closes: an h2-only (prior knowledge) server → {@code malformed}. */
    public static FaultServer http2Only() {
        return script(Faults.http2Only());
    }

    /**
     * Answers whatever arrives with a plain {@code HTTP/1.1 400} and closes: an {@code http}
     * server configured as {@code https}, whose answer to the ClientHello is no TLS record →
     * {@code tls} / {@code tls_protocol_error}.
     */
    public static FaultServer plainHttpServer() {
        return script(Faults.plainHttpServer());
    }

    /**
     * Answers every request on the connection with {@code rawResponse} (written byte for byte,
     * ISO-8859-1) and keeps the connection alive, unless the response says {@code Connection: close}.
     */
    public static FaultServer respond(String rawResponse) {
        return script(Faults.respond(rawResponse));
    }

    /**
     * A port on 127.0.0.1 where nothing listens (bound, then closed) → {@code refused} /
     * {@code connection_refused}. Another process could take it meanwhile; on loopback with
     * ephemeral ports that is rare enough for tests.
     */
    public static int deadPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A listener that never accepts, its accept queue full: further SYNs are dropped, so a
     * connect times out → {@code timeout} / {@code connection_timeout}. Fills the queue with
     * held client connections until a connect with a 300 ms timeout does time out, so the
     * returned server is known to work.
     *
     * @throws IllegalStateException when no connect timed out (a kernel that answers a full
     *                               queue with RST, e.g. {@code net.ipv4.tcp_abort_on_overflow=1})
     */
    public static FaultServer fullBacklog() {
        List<Socket> fillers = new ArrayList<>();
        ServerSocket listener = null;
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(listener.getLocalSocketAddress(), 300);
                    fillers.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    return new FaultServer(listener, null, fillers);
                }
            }
            throw new IllegalStateException("accept queue of " + listener.getLocalSocketAddress()
                    + " never filled after 16 connections (expected: a connect timeout;"
                    + " is net.ipv4.tcp_abort_on_overflow set?)");
        } catch (IOException e) {
            closeAll(listener, fillers);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(listener, fillers);
            throw e;
        }
    }

    private static FaultServer start(Fault fault, int receiveBuffer) {
        try {
            ServerSocket listener = new ServerSocket();
            if (receiveBuffer > 0) {
                listener.setReceiveBufferSize(receiveBuffer); // before bind: inherited by accepted sockets
            }
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            return new FaultServer(listener, fault, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), port());
    }

    /** {@code http://127.0.0.1:PORT}, as an upstream server URL. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted so far (always 0 for {@link #fullBacklog()}). */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Requests read so far by the scripts, in arrival order. */
    public List<ReceivedRequest> requestsReceived() {
        return List.copyOf(requests);
    }

    /** Unexpected failures of scripts (not I/O errors caused by the peer), for tests to assert empty. */
    public List<Throwable> scriptErrors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        closed.countDown();
        List<Socket> sockets = new ArrayList<>(open);
        sockets.addAll(held);
        closeAll(listener, sockets);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(socket);
            if (closed.getCount() == 0) { // close() ran between accept and add
                closeAll(null, List.of(socket));
                return;
            }
            try {
                threads.execute(() -> serve(socket));
            } catch (RuntimeException rejected) { // closing
                closeAll(null, List.of(socket));
            }
        }
    }

    private void serve(Socket socket) {
        try {
            fault.run(new FaultConnection(socket, requests::add, closed));
        } catch (IOException | InterruptedException e) {
            // the peer went away or the server closes: expected traffic
        } catch (RuntimeException | Error e) {
            errors.add(e);
        } finally {
            open.remove(socket);
            closeAll(null, List.of(socket));
        }
    }

    private static void closeAll(ServerSocket listener, List<Socket> sockets) {
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
