package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Short plain-text answers the proxy gives itself (400, 404, 408, 413, 417, 431). */
final class LocalReplies {
    private LocalReplies() {
    }

    static ChannelFuture write(ChannelHandlerContext ctx, HttpResponseStatus status, String text, String requestId,
                               boolean keepAlive) {
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), status.code() + " " + status.reasonPhrase() + ": " + text
                + (requestId == null ? "" : "\nrequest_id: " + requestId) + "\n");
        return write(ctx, status, body, "text/plain; charset=utf-8", requestId, keepAlive);
    }

    static ChannelFuture write(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body, String type,
                               String requestId, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, type);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (requestId != null) {
            h.set(Forwarder.X_REQUEST_ID, requestId);
        }
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(res);
    }
}
