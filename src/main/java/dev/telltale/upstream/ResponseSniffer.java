package dev.telltale.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Keeps a copy of the first bytes the upstream sends in answer to a request, so that a response
 * the HTTP decoder rejects can be shown ({@code received}) and recognised (a TLS record, an SSH
 * greeting). Armed per request; costs one small copy of the first read.
 */
final class ResponseSniffer extends ChannelInboundHandlerAdapter {
    static final String NAME = "sniffer";
    static final int KEEP = 256;

    private final byte[] first = new byte[KEEP];
    private int length;
    private boolean armed = true;

    void arm() {
        armed = true;
        length = 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (armed && msg instanceof ByteBuf buf) {
            int n = Math.min(KEEP - length, buf.readableBytes());
            buf.getBytes(buf.readerIndex(), first, length, n);
            length += n;
            armed = false;
        }
        ctx.fireChannelRead(msg);
    }

    /** The bytes kept since the last {@link #arm()}. */
    byte[] received() {
        return java.util.Arrays.copyOf(first, length);
    }
}
