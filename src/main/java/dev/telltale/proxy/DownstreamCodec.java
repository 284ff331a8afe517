package dev.telltale.proxy;

import dev.telltale.config.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

import java.util.ArrayDeque;
import java.util.List;

/**
 * HTTP/1.1 server codec for the client side. Like Netty's {@code HttpServerCodec} it remembers
 * each request's method so a HEAD response is encoded without a body; unlike it, it keeps both
 * {@code Content-Length} and {@code Transfer-Encoding} when a request carries both, so that
 * {@link RequestGuard} can refuse the message instead of silently picking one framing.
 */
final class DownstreamCodec extends CombinedChannelDuplexHandler<DownstreamCodec.Decoder, DownstreamCodec.Encoder> {
    static final int MAX_CHUNK = 64 * 1024;

    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);

    DownstreamCodec(Limits limits) {
        int header = (int) limits.maxHeaderBytes();
        init(new Decoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(Math.min(header, 8192))
                .setMaxHeaderSize(header)
                .setMaxChunkSize(MAX_CHUNK)), new Encoder());
    }

    final class Decoder extends HttpRequestDecoder {
        Decoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            int before = out.size();
            super.decode(ctx, in, out);
            for (int i = before; i < out.size(); i++) {
                if (out.get(i) instanceof HttpRequest r) {
                    methods.add(r.method());
                }
            }
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            // Keep both headers: the guard answers 400 (a smuggling pattern), see class doc.
        }
    }

    final class Encoder extends HttpResponseEncoder {
        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return true; // 100 Continue answers no request of its own
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }
    }
}
