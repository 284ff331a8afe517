package dev.telltale.demo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static dev.telltale.demo.Clients.GET;
import static dev.telltale.demo.Clients.connect;
import static dev.telltale.demo.Clients.readN;
import static dev.telltale.demo.Clients.readToEof;
import static dev.telltale.demo.Clients.readUntilEnd;
import static dev.telltale.demo.Clients.send;
import static dev.telltale.demo.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultServerTest {

    @Test
    void acceptThenClose_readsRequestThenEofWithoutBytes() throws IOException {
        try (FaultServer server = FaultServer.acceptThenClose(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(readToEof(s)).isEmpty();
            assertThat(server.requestsReceived()).singleElement()
                    .satisfies(r -> assertThat(r.target()).isEqualTo("/x"));
            assertThat(server.connectionsAccepted()).isEqualTo(1);
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    @Test
    void resetAfterRequest_clientSeesConnectionReset() throws IOException {
        try (FaultServer server = FaultServer.resetAfterRequest(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThatThrownBy(() -> readToEof(s)).isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
        }
    }

    @Test
    void stallAfterRequest_clientReadTimesOut() throws IOException {
        try (FaultServer server = FaultServer.stallAfterRequest(); Socket s = connect(server.port())) {
            send(s, GET);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.requestsReceived()).hasSize(1);
        }
    }

    @Test
    void notReading_fillsBuffersSoWritesStop() throws IOException {
        try (FaultServer server = FaultServer.notReading();
             SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            int n;
            // A reading server would take all 64 MiB; one that never reads stops us within a few MiB.
            while (written < 64L << 20 && (n = ch.write(chunk.clear())) > 0) {
                written += n;
            }
            assertThat(written).isLessThan(16L << 20);
            await().until(() -> server.connectionsAccepted() == 1);
            assertThat(server.requestsReceived()).isEmpty();
        }
    }

    @Test
    void headersThenStall_sendsTheBytesThenStalls() throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc";
        try (FaultServer server = FaultServer.headersThenStall(head); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(text(readN(s, head.length()))).isEqualTo(head);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void partialBodyThenRst_sendsFewerBytesThanDeclaredThenResets() throws IOException {
        try (FaultServer server = FaultServer.partialBody(1000, 10, true); Socket s = connect(server.port())) {
            send(s, GET);
            Clients.Outcome outcome = readUntilEnd(s);
            assertThat(outcome.error()).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
            assertThat(outcome.text()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 1000\r\n");
        }
    }

    @Test
    void partialBodyThenFin_sendsFewerBytesThanDeclaredThenEof() throws IOException {
        try (FaultServer server = FaultServer.partialBody(1000, 10, false); Socket s = connect(server.port())) {
            send(s, GET);
            String response = text(readToEof(s));
            assertThat(response).contains("Content-Length: 1000\r\n").endsWith("\r\n\r\n" + "x".repeat(10));
        }
    }

    @Test
    void chunkedThenBadChunk_sendsAGoodChunkThenANonHexSize() throws IOException {
        try (FaultServer server = FaultServer.chunkedThenBadChunk(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(text(readToEof(s))).contains("Transfer-Encoding: chunked\r\n\r\n6\r\nhello\n\r\nzz-not-hex\r\n");
        }
    }

    @Test
    void badStatusLine_answersANonNumericStatus() throws IOException {
        try (FaultServer server = FaultServer.badStatusLine(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(text(readToEof(s))).startsWith("HTTP/1.1 abc Nope\r\n");
        }
    }

    @Test
    void badHeader_answersAHeaderLineWithoutColon() throws IOException {
        try (FaultServer server = FaultServer.badHeader(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(text(readToEof(s))).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nX-Broken-Header-Without-Colon\r\n\r\n");
        }
    }

    @Test
    void hugeHeader_answersAOneMebibyteHeaderValue() throws IOException {
        try (FaultServer server = FaultServer.hugeHeader(1 << 20); Socket s = connect(server.port())) {
            send(s, GET);
            String response = text(readToEof(s));
            assertThat(response).contains("X-Huge: aaaa").endsWith("\r\n\r\n");
            assertThat(response.length()).isGreaterThan(1 << 20);
        }
    }

    @Test
    void sshGreeting_arrivesBeforeAnyRequest() throws IOException {
        try (FaultServer server = FaultServer.sshGreeting(); Socket s = connect(server.port())) {
            String greeting = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
            assertThat(text(readN(s, greeting.length()))).isEqualTo(greeting);
            send(s, GET);
            assertThat(readToEof(s)).isEmpty();
        }
    }

    @Test
    void smtpGreeting_greetsThenRejectsTheHttpRequest() throws IOException {
        try (FaultServer server = FaultServer.smtpGreeting(); Socket s = connect(server.port())) {
            String greeting = "220 mail.example.com ESMTP Postfix\r\n";
            assertThat(text(readN(s, greeting.length()))).isEqualTo(greeting);
            send(s, GET);
            assertThat(text(readToEof(s))).startsWith("221 2.7.0 ");
        }
    }

    @Test
    void tlsServer_answersPlaintextWithATlsAlertRecord() throws IOException {
        try (FaultServer server = FaultServer.tlsServer(); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(readToEof(s)).containsExactly(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46);
        }
    }

    @Test
    void http2Only_answersSettingsThenGoaway() throws IOException {
        try (FaultServer server = FaultServer.http2Only(); Socket s = connect(server.port())) {
            send(s, GET);
            byte[] frames = readToEof(s);
            assertThat(frames).hasSize(9 + 17);
            assertThat(frames[3]).isEqualTo((byte) 0x04); // SETTINGS
            assertThat(frames[9 + 3]).isEqualTo((byte) 0x07); // GOAWAY
        }
    }

    @Test
    void plainHttpServer_answersAClientHelloWith400() throws IOException {
        try (FaultServer server = FaultServer.plainHttpServer(); Socket s = connect(server.port())) {
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03});
            assertThat(text(readToEof(s))).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void respond_servesEveryRequestOnAKeepAliveConnectionAndCountsBodies() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (FaultServer server = FaultServer.respond(response); Socket s = connect(server.port())) {
            send(s, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(text(readN(s, response.length()))).isEqualTo(response);
            send(s, "PUT /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
            assertThat(text(readN(s, response.length()))).isEqualTo(response);
            assertThat(server.connectionsAccepted()).isEqualTo(1);
            assertThat(server.requestsReceived()).extracting(ReceivedRequest::method, ReceivedRequest::bodyBytes)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", 5L),
                            org.assertj.core.groups.Tuple.tuple("PUT", 7L));
            assertThat(server.requestsReceived().get(0).header("content-length")).isEqualTo("5");
        }
    }

    @Test
    void respondWithConnectionClose_closesAfterTheFirstResponse() throws IOException {
        String response = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
        try (FaultServer server = FaultServer.respond(response); Socket s = connect(server.port())) {
            send(s, GET);
            assertThat(text(readToEof(s))).isEqualTo(response);
        }
    }

    @Test
    void script_runsTheGivenFaultPerConnection() throws IOException {
        Fault echoTarget = c -> c.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + c.readRequest().target());
        try (FaultServer server = FaultServer.script(echoTarget)) {
            for (int i = 0; i < 2; i++) {
                try (Socket s = connect(server.port())) {
                    send(s, GET);
                    assertThat(text(readToEof(s))).endsWith("\r\n\r\n/x");
                }
            }
            assertThat(server.connectionsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void scriptThrowing_isRecordedAsScriptError() throws IOException {
        try (FaultServer server = FaultServer.script(c -> {
            throw new IllegalStateException("bug in a script");
        }); Socket s = connect(server.port())) {
            assertThat(readToEof(s)).isEmpty();
            await().until(() -> !server.scriptErrors().isEmpty());
            assertThat(server.scriptErrors().get(0)).hasMessage("bug in a script");
        }
    }

    @Test
    void deadPort_connectIsRefused() {
        int port = FaultServer.deadPort();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void fullBacklog_connectTimesOut() throws IOException {
        try (FaultServer server = FaultServer.fullBacklog(); Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(server.address(), 300)).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.connectionsAccepted()).isZero();
        }
    }

    @Test
    void close_endsOpenConnectionsAndReleasesThePort() throws IOException {
        FaultServer server = FaultServer.stallAfterRequest();
        int port = server.port();
        try (Socket s = connect(server.port())) {
            send(s, GET);
            await().until(() -> server.requestsReceived().size() == 1);
            server.close();
            Clients.Outcome end = readUntilEnd(s); // EOF, or a reset: either way not a stall
            assertThat(end.error() instanceof SocketTimeoutException).as("stalled after close").isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        });
    }

    @Test
    void partialBody_rejectsASentLengthNotShorterThanDeclared() {
        assertThatThrownBy(() -> FaultServer.partialBody(10, 10, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sentLength: 10 (expected: 0..9)");
    }
}
