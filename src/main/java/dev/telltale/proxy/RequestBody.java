package dev.telltale.proxy;

import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.ArrayDeque;

/**
 * One request on its way upstream: the head, then the client's body streamed piece by piece.
 * A piece is read from the client only when the previous one was written and the upstream
 * channel is writable, so nothing accumulates; pieces that arrive while the connection is being
 * set up wait here (at most one read's worth). Also answers {@code Expect: 100-continue}, once
 * the upstream connection is up, and enforces {@code max_body_bytes} on chunked bodies.
 */
final class RequestBody {
    /** What the body needs from its exchange. */
    interface Owner {
        /** The connection the request is written to, or {@code null} while connecting or after a failure. */
        UpstreamConnection target();

        boolean finished();

        /** The body itself is at fault: a broken chunk, or over {@code max_body_bytes}. */
        void refuse(HttpResponseStatus status, String reason);

        void writeFailed(Throwable cause);

        /** A write completed: progress for the send timeout. */
        void progressed();

        /** Head, whole body and end are written. */
        void sent();
    }

    private final Owner owner;
    private final ChannelHandlerContext ctx;
    private final long maxBodyBytes;
    private final boolean expectContinue;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
    private boolean complete;
    private boolean streamed;
    private boolean continueSent;
    private boolean flushing;
    private long bytes;
    private int inFlight;
    /** One listener for every write, not a method reference per write. */
    private final GenericFutureListener<Future<? super Void>> onWritten = this::written;

    RequestBody(Owner owner, ChannelHandlerContext ctx, long maxBodyBytes, boolean expectContinue) {
        this.owner = owner;
        this.ctx = ctx;
        this.maxBodyBytes = maxBodyBytes;
        this.expectContinue = expectContinue;
    }

    /** The client's body ended (its last piece arrived). */
    boolean complete() {
        return complete;
    }

    /** Body bytes were written upstream and are gone: the request cannot be replayed. */
    boolean streamed() {
        return streamed;
    }

    /** Writes handed to the upstream channel and not completed yet. */
    int inFlight() {
        return inFlight;
    }

    /** A piece of the body from the client. */
    void offer(HttpContent c) {
        if (owner.finished()) {
            c.release();
            return;
        }
        if (c.decoderResult().isFailure()) {
            c.release();
            owner.refuse(HttpResponseStatus.BAD_REQUEST, "The request body's chunked framing is invalid.");
            return;
        }
        bytes += c.content().readableBytes();
        if (maxBodyBytes > 0 && bytes > maxBodyBytes) {
            c.release();
            owner.refuse(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is too large.");
            return;
        }
        boolean last = c instanceof LastHttpContent;
        if (last) {
            complete = true;
        }
        UpstreamConnection target = owner.target();
        if (target == null || flushing) {
            if (last && !c.content().isReadable() && pending.isEmpty() && target == null) {
                c.release(); // a body-less request: sent as head + empty last once connected
            } else {
                pending.add(c);
            }
            return;
        }
        write(c, true);
        ask();
    }

    /**
     * Writes the head and whatever of the body waits, on a connection just bound. Until the
     * queue is written nothing new is read: a write can complete synchronously, and its listener
     * would otherwise read a later piece ahead of the queued ones.
     */
    void send(HttpRequest head) {
        flushing = true;
        write(head, false);
        if (complete && pending.isEmpty()) {
            write(LastHttpContent.EMPTY_LAST_CONTENT, false); // body-less, or a retry of a body-less request
        }
        HttpContent queued;
        while (owner.target() != null && (queued = pending.poll()) != null) {
            write(queued, false);
        }
        UpstreamConnection target = owner.target();
        if (target != null) {
            target.channel().flush(); // one write for the head and whatever waited
        }
        flushing = false;
        if (owner.target() == null) {
            return; // failed while writing
        }
        sentCheck();
        ask();
    }

    void upstreamWritable() {
        ask();
    }

    /** Drops what waits (the exchange ended). */
    void release() {
        HttpContent c;
        while ((c = pending.poll()) != null) {
            c.release();
        }
    }

    private void write(HttpObject msg, boolean flush) {
        if (msg instanceof HttpContent c && c.content().isReadable()) {
            streamed = true;
        }
        inFlight++;
        Channel ch = owner.target().channel();
        (flush ? ch.writeAndFlush(msg) : ch.write(msg)).addListener(onWritten);
    }

    private void written(Future<? super Void> f) {
        inFlight--;
        owner.progressed();
        if (owner.finished() || owner.target() == null) {
            return;
        }
        if (!f.isSuccess()) {
            owner.writeFailed(f.cause());
            return;
        }
        sentCheck();
        ask();
    }

    private void sentCheck() {
        if (complete && inFlight == 0 && pending.isEmpty() && !flushing) {
            owner.sent();
        }
    }

    /** Reads the next piece from the client when the upstream can take it. */
    private void ask() {
        UpstreamConnection target = owner.target();
        if (complete || target == null || inFlight > 0 || flushing || !target.channel().isWritable()) {
            return;
        }
        if (expectContinue && !continueSent) {
            continueSent = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        ctx.read();
    }
}
