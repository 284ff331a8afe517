package dev.telltale.proxy;

import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingTest {
    private static final int MIB = 1024 * 1024;
    static TestApp app;
    static ProxyFixture proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = new TestApp();
        proxy = ProxyFixture.builder().upstream("app", app.url())
                .limits(new dev.telltale.config.Limits(16 * 1024, 64L * MIB, java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(75), 1000))
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        app.close();
    }

    private static String sha256(Random r, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        for (long left = size; left > 0; ) {
            r.nextBytes(buf);
            int n = (int) Math.min(buf.length, left);
            sha.update(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private String downloadSha(String query) throws Exception {
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(proxy.uri("/download?" + query)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = res.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void download20MiB_arrivesByteForByte() throws Exception {
        assertThat(downloadSha("size=" + 20 * MIB)).isEqualTo(sha256(TestApp.bytes(20 * MIB), 20 * MIB));
    }

    @Test
    void chunkedDownload_arrivesByteForByte() throws Exception {
        assertThat(downloadSha("size=" + 3 * MIB + "&chunked=1")).isEqualTo(sha256(TestApp.bytes(3 * MIB), 3 * MIB));
    }

    @Test
    void upload20MiB_arrivesByteForByte() throws Exception {
        long size = 20L * MIB;
        Supplier<InputStream> body = () -> new InputStream() {
            final Random r = new Random(7);
            final byte[] buf = new byte[64 * 1024];
            long left = size;
            int pos = buf.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (pos == buf.length) {
                    r.nextBytes(buf);
                    pos = 0;
                }
                int n = (int) Math.min(Math.min(len, buf.length - pos), left);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                left -= n;
                return n;
            }
        };
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(proxy.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(sha256(new Random(7), size) + " " + size);
    }

    @Test
    void chunkedUpload_isReframedAndArrivesWhole() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assertThat(r.text()).isEqualTo(HexFormat.of().formatHex(sha.digest("hello world".getBytes())) + " 11");
        }
    }

    @Test
    void expect100Continue_isAnsweredBeforeTheBodyIsSent() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("hello");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).endsWith(" 5");
        }
    }

    @Test
    void headAnd204And304_carryNoBodyAndKeepTheConnectionUsable() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("HEAD /download?size=1000 HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttp.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("1000");
            for (String status : new String[] {"204", "304"}) {
                c.send("GET /status/" + status + " HTTP/1.1\r\nHost: a\r\n\r\n");
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(Integer.parseInt(status));
                assertThat(r.header("x-status")).isEqualTo(status);
                assertThat(r.headers()).doesNotContainKey("transfer-encoding");
            }
            c.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("/after"); // nothing stray was left on the connection
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                all.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            c.send(all.toString());
            for (int i = 1; i <= 5; i++) {
                assertThat(c.read().text()).isEqualTo("/p" + i);
            }
        }
    }

    @Test
    void http10Client_getsACloseDelimitedBody() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /download?size=5000&chunked=1 HTTP/1.0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers()).doesNotContainKey("transfer-encoding");
            assertThat(r.body()).hasSize(5000);
        }
    }
}
