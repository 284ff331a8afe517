package dev.telltale.demo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * One accepted connection as a {@link Fault} script sees it: the socket, a buffered input (use
 * {@link #in()}, never the socket's own stream, or bytes buffered by {@link #readRequest()} are
 * lost), the output, and the moves the scripts are made of.
 */
public final class FaultConnection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Consumer<ReceivedRequest> requests;
    private final CountDownLatch serverClosed;

    FaultConnection(Socket socket, Consumer<ReceivedRequest> requests, CountDownLatch serverClosed)
            throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.requests = requests;
        this.serverClosed = serverClosed;
    }

    public Socket socket() {
        return socket;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    /**
     * Reads one request head and its body (Content-Length or chunked), and records it in
     * {@link FaultServer#requestsReceived()}.
     *
     * @return the request, or {@code null} when the peer closed before sending one
     */
    public ReceivedRequest readRequest() throws IOException {
        ReceivedRequest request = RequestReader.read(in);
        if (request != null) {
            requests.accept(request);
        }
        return request;
    }

    /** Writes ASCII text (ISO-8859-1, so any byte 0..255 can be spelled) and flushes. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Closes with an RST instead of a FIN: SO_LINGER 0 discards unsent data and aborts. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Reads and discards until the peer closes (or the server does), answering nothing: the
     * stall of a hung application. Reading keeps the peer's writes flowing and notices its close,
     * so the thread ends when the proxy gives up.
     */
    public void drainUntilEof() throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // discarded
        }
    }

    /** Sends a FIN, then drains until the peer closes, so unread input never turns the close into an RST. */
    public void closeGracefully() throws IOException {
        socket.shutdownOutput();
        drainUntilEof();
        socket.close();
    }

    /**
     * Blocks until the {@link FaultServer} closes, reading nothing: the peer's writes fill the
     * socket buffers and then block, as with an application that stopped reading.
     */
    public void holdUntilServerClosed() throws InterruptedException {
        serverClosed.await();
    }
}
