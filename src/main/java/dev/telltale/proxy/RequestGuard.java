package dev.telltale.proxy;

import dev.telltale.config.Limits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Refuses requests that must not reach an upstream: undecodable heads (400, 414, 431), the
 * request smuggling patterns of RFC 9112 §6.3 (Content-Length with Transfer-Encoding, a
 * Transfer-Encoding other than a single {@code chunked}, Transfer-Encoding on HTTP/1.0; Netty's
 * decoder already fails differing or repeated Content-Length), a missing or repeated Host on
 * HTTP/1.1, and a declared body over {@code max_body_bytes} (413). A refused request is replaced
 * by a {@link RejectedRequest} and everything after it on the connection is dropped: the
 * connection closes once it is answered, since its framing can no longer be trusted.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private final long maxBodyBytes;
    private boolean refusing;

    RequestGuard(Limits limits) {
        this.maxBodyBytes = limits.maxBodyBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            RejectedRequest rejected = check(req);
            if (rejected != null) {
                refusing = true;
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(rejected);
                return;
            }
        } else if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
            // A broken chunk of a body already being forwarded: the exchange sees it and aborts.
            refusing = true;
        }
        ctx.fireChannelRead(msg);
    }

    private RejectedRequest check(HttpRequest req) {
        String method = req.method().name();
        String uri = req.uri();
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable t = result.cause();
            if (t instanceof TooLongHttpHeaderException) {
                return reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "The request's header section is larger than this server accepts.", null, null);
            }
            if (t instanceof TooLongHttpLineException) {
                return reject(HttpResponseStatus.REQUEST_URI_TOO_LONG, "The request line is too long.", null, null);
            }
            return reject(HttpResponseStatus.BAD_REQUEST, "The request could not be parsed as HTTP/1.1.", null, null);
        }
        HttpHeaders h = req.headers();
        List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!te.isEmpty()) {
            if (h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return reject(HttpResponseStatus.BAD_REQUEST,
                        "Content-Length and Transfer-Encoding together are refused.", method, uri);
            }
            if (te.size() != 1 || !"chunked".equalsIgnoreCase(te.get(0).trim())) {
                return reject(HttpResponseStatus.BAD_REQUEST,
                        "Transfer-Encoding other than a single 'chunked' is refused.", method, uri);
            }
            if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return reject(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding is not allowed in HTTP/1.0.",
                        method, uri);
            }
        }
        if (req.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            List<String> hosts = h.getAll(HttpHeaderNames.HOST);
            if (hosts.size() != 1 || hosts.get(0).isBlank()) {
                return reject(HttpResponseStatus.BAD_REQUEST, "An HTTP/1.1 request needs exactly one Host header.",
                        method, uri);
            }
        }
        if (!uri.startsWith("/")) {
            return reject(HttpResponseStatus.BAD_REQUEST, "Only origin-form request targets (/path) are served.",
                    method, uri);
        }
        if (maxBodyBytes > 0) {
            String cl = h.get(HttpHeaderNames.CONTENT_LENGTH);
            if (cl != null && Long.parseLong(cl.trim()) > maxBodyBytes) { // the decoder validated it
                return reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is too large.",
                        method, uri);
            }
        }
        return null;
    }

    private static RejectedRequest reject(HttpResponseStatus status, String reason, String method, String uri) {
        return new RejectedRequest(status, reason, method, uri);
    }
}
