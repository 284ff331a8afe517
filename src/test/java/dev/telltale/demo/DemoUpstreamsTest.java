package dev.telltale.demo;

import dev.telltale.config.UpstreamServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DemoUpstreamsTest {
    private static DemoUpstreams demo;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        demo = DemoUpstreams.start();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static DemoRoute route(String path) {
        return demo.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(String url, Duration timeout) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routes_haveDistinctPathsEndingInSlashAndTheAppFirst() {
        List<String> paths = demo.routes().stream().map(DemoRoute::path).toList();
        assertThat(paths).first().isEqualTo("/");
        assertThat(paths).doesNotHaveDuplicates().allMatch(p -> p.startsWith("/") && p.endsWith("/"));
        assertThat(demo.routes()).allSatisfy(r -> assertThat(r.what()).isNotBlank());
    }

    @Test
    void healthyApp_answersTheHomePage() throws Exception {
        HttpResponse<String> response = get(route("/").upstreamUrl() + "/", Duration.ofSeconds(5));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(response.body()).contains("hello from the demo app");
    }

    @Test
    void healthyApp_unknownPathIs404() throws Exception {
        assertThat(get(route("/").upstreamUrl() + "/nope", Duration.ofSeconds(5)).statusCode()).isEqualTo(404);
    }

    @Test
    void healthyApp_slowDoesNotAnswerWithinHalfASecond() {
        assertThatThrownBy(() -> get(route("/").upstreamUrl() + "/slow", Duration.ofMillis(500)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void healthyApp_streamsAChunkedBodyLineByLine() throws IOException {
        int port = UpstreamServer.parse(route("/").upstreamUrl(), 1, false).port();
        try (Socket s = Clients.connect(port)) {
            Clients.send(s, "GET /stream HTTP/1.1\r\nHost: demo\r\n\r\n");
            String first = readUntil(s, "line 1 of 5\n");
            assertThat(first).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked")
                    .doesNotContain("line 2"); // the rest comes 200 ms apart, not in one write
            assertThat(readUntil(s, "\r\n0\r\n\r\n")).contains("line 5 of 5");
        }
    }

    private static String readUntil(Socket s, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(end) < 0) {
            int b = s.getInputStream().read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Test
    void refusedRoute_refuses() {
        int port = UpstreamServer.parse(route("/refused/").upstreamUrl(), 1, false).port();
        assertThatThrownBy(() -> Clients.connect(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void connectTimeoutRoute_dropsTheSyn() throws IOException {
        UpstreamServer server = UpstreamServer.parse(route("/connect-timeout/").upstreamUrl(), 1, false);
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(server.host(), server.port()), 300))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void close_releasesEveryPort() {
        DemoUpstreams other = DemoUpstreams.start();
        List<Integer> tcp = other.routes().stream().map(r -> UpstreamServer.parse(r.upstreamUrl(), 1, false))
                .filter(s -> s.host().equals("127.0.0.1")).map(UpstreamServer::port).toList();
        int udp = other.dnsServer().getPort();
        assertThat(tcp).hasSizeGreaterThan(5);
        other.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int port : tcp) {
                try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(s.getLocalPort()).isEqualTo(port);
                }
            }
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp))) {
                assertThat(s.getLocalPort()).isEqualTo(udp);
            }
        });
    }
}
