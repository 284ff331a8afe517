package dev.telltale.demo;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.telltale.demo.Clients.GET;
import static dev.telltale.demo.Clients.connect;
import static dev.telltale.demo.Clients.readUntilEnd;
import static dev.telltale.demo.Clients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Netty's HTTP/1.1 response decoder (the proxy's) makes of each fault's bytes, as read by a
 * real socket. Malformed heads and chunks end in a decoder failure; a short body and non-HTTP
 * records do not, so the proxy must notice those itself (close before the last content; first
 * bytes sniffed).
 */
class FaultBytesDecoderTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("badStatusLine", (Supplier<FaultServer>) FaultServer::badStatusLine),
                Arguments.of("badHeader", (Supplier<FaultServer>) FaultServer::badHeader),
                Arguments.of("hugeHeader", (Supplier<FaultServer>) () -> FaultServer.hugeHeader(1 << 20)),
                Arguments.of("chunkedThenBadChunk", (Supplier<FaultServer>) FaultServer::chunkedThenBadChunk),
                Arguments.of("sshGreeting", (Supplier<FaultServer>) FaultServer::sshGreeting),
                Arguments.of("smtpGreeting", (Supplier<FaultServer>) FaultServer::smtpGreeting));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFault_failsNettysResponseDecoder(String name, Supplier<FaultServer> fault) throws IOException {
        assertThat(decoderFailures(capture(fault))).as("decoder failures for %s", name).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("silentlySkipped")
    void binaryRecord_decodesToNothingAtAll(String name, Supplier<FaultServer> fault) throws IOException {
        // Netty skips leading control characters and waits for a line: a TLS alert or HTTP/2
        // frames look like an empty reply unless the proxy sniffs the bytes it received.
        assertThat(decoded(capture(fault))).as("messages decoded from %s", name).isEmpty();
    }

    static Stream<Arguments> silentlySkipped() {
        return Stream.of(
                Arguments.of("tlsServer", (Supplier<FaultServer>) FaultServer::tlsServer),
                Arguments.of("http2Only", (Supplier<FaultServer>) FaultServer::http2Only));
    }

    @org.junit.jupiter.api.Test
    void partialBodyThenFin_decodesWithoutFailureButNeverReachesLastContent() throws IOException {
        List<Object> messages = decoded(capture(() -> FaultServer.partialBody(1000, 10, false)));
        assertThat(messages).isNotEmpty().noneMatch(m -> m instanceof LastHttpContent)
                .noneMatch(m -> ((DecoderResultProvider) m).decoderResult().isFailure());
    }

    private static byte[] capture(Supplier<FaultServer> fault) throws IOException {
        try (FaultServer server = fault.get(); Socket s = connect(server.port())) {
            send(s, GET);
            return readUntilEnd(s).bytes();
        }
    }

    /** Feeds the bytes, then the close, and returns the failures the decoder reported. */
    private static List<Throwable> decoderFailures(byte[] bytes) {
        return decoded(bytes).stream().map(m -> ((DecoderResultProvider) m).decoderResult())
                .filter(r -> r.isFailure()).map(r -> r.cause()).toList();
    }

    /** Feeds the bytes, then the close; returns the decoded messages, already released (only their type and result are read). */
    private static List<Object> decoded(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseDecoder());
        List<Object> messages = new ArrayList<>();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.finish();
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                messages.add(msg);
                ReferenceCountUtil.release(msg);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return messages;
    }
}
