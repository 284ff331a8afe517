package dev.telltale.proxy;

import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import io.netty.handler.codec.DateFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Date;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code static} routes with nginx's semantics, on real sockets and real files. */
class StaticFilesTest {
    @TempDir
    Path dir;
    Path www;
    private final RecordingEvents events = new RecordingEvents();
    private ProxyFixture proxy;

    @BeforeEach
    void files() throws Exception {
        www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(www.resolve("app.js"), "let a = 1;");
        Files.writeString(www.resolve("style.CSS"), "b{}");
        Files.writeString(www.resolve("data.unknownext"), "?");
        Files.writeString(www.resolve("README"), "plain");
        Files.createDirectories(www.resolve("docs"));
        Files.writeString(www.resolve("docs/index.html"), "docs home");
        Files.createDirectories(www.resolve("empty"));
        Files.writeString(dir.resolve("secret.txt"), "SECRET");
        Files.writeString(www.resolve("ten.txt"), "0123456789");
        Files.setLastModifiedTime(www.resolve("ten.txt"), FileTime.from(Instant.parse("2024-03-01T12:00:00Z")));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(String routes) {
        proxy = ProxyFixture.quietYaml(routes.replace("WWW", www.toString()).replace("DIR", dir.toString()), events);
    }

    private void root() {
        start("""
                routes:
                  - static: { root: WWW }
                """);
    }

    private RawHttp.Response get(String target) throws Exception {
        return request("GET", target, "");
    }

    private RawHttp.Response request(String method, String target, String headers) throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            return c.send(method + " " + target + " HTTP/1.1\r\nHost: files.test\r\n" + headers + "\r\n")
                    .read(method.equals("HEAD"));
        }
    }

    @Test
    void files_haveNginxMimeTypes() throws Exception {
        root();
        assertThat(get("/index.html").header("Content-Type")).isEqualTo("text/html");
        assertThat(get("/app.js").header("Content-Type")).isEqualTo("application/javascript");
        assertThat(get("/style.CSS").header("Content-Type")).isEqualTo("text/css");
        assertThat(get("/data.unknownext").header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get("/README").header("Content-Type")).isEqualTo("application/octet-stream");
        RawHttp.Response r = get("/app.js");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("let a = 1;");
        assertThat(r.header("Content-Length")).isEqualTo("10");
        assertThat(r.header("X-Request-Id")).hasSize(32);
    }

    @Test
    void slashPath_servesTheIndex_andADirectoryWithoutSlashRedirects() throws Exception {
        root();
        assertThat(get("/").text()).isEqualTo("<h1>home</h1>");
        assertThat(get("/docs/").text()).isEqualTo("docs home");
        RawHttp.Response r = get("/docs?x=1");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("http://files.test:" + proxy.port() + "/docs/?x=1");
        assertThat(r.text()).contains("301 Moved Permanently");
    }

    @Test
    void directoryWithoutIndex_is403_andMissing_is404() throws Exception {
        root();
        RawHttp.Response forbidden = get("/empty/");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.text()).contains("<title>403 Forbidden</title>");
        assertThat(get("/nope.html").status()).isEqualTo(404);
        assertThat(get("/nope/").status()).isEqualTo(404);
        assertThat(get("/index.html/x").status()).isEqualTo(404);
    }

    @Test
    void indexList_isTriedInOrder() throws Exception {
        Files.writeString(www.resolve("empty/home.htm"), "htm");
        start("""
                routes:
                  - static: { root: WWW, index: [missing.html, home.htm] }
                """);
        assertThat(get("/empty/").text()).isEqualTo("htm");
    }

    @Test
    void tryFiles_candidatesThenUriFallback() throws Exception {
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, $uri/, /index.html] }
                """);
        assertThat(get("/app.js").text()).isEqualTo("let a = 1;");
        assertThat(get("/docs").text()).isEqualTo("docs home"); // $uri/ found: the directory's index
        RawHttp.Response spa = get("/some/client/route?x=1");
        assertThat(spa.status()).isEqualTo(200);
        assertThat(spa.text()).isEqualTo("<h1>home</h1>");
        assertThat(spa.header("Content-Type")).isEqualTo("text/html");
    }

    @Test
    void tryFiles_equalsCode_answersThatStatus() throws Exception {
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, =404] }
                """);
        assertThat(get("/app.js").status()).isEqualTo(200);
        assertThat(get("/docs").status()).isEqualTo(404); // $uri is a directory: not a file candidate
    }

    @Test
    void tryFiles_namedFallback_goesToThatRoute() throws Exception {
        start("""
                routes:
                  - static: { root: WWW, try_files: [$uri, "@app"] }
                  - name: app
                    match: { path_prefix: /__app/ }
                    return: { status: 200, body: "app got $uri" }
                """);
        assertThat(get("/app.js").text()).isEqualTo("let a = 1;");
        assertThat(get("/dynamic/page").text()).isEqualTo("app got /dynamic/page");
    }

    @Test
    void alias_mapsThePathAfterThePrefix() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/report.pdf"), "%PDF");
        start("""
                routes:
                  - match: { path_prefix: /downloads/ }
                    static: { alias: DIR/files/ }
                  - return: { status: 418 }
                """);
        RawHttp.Response r = get("/downloads/report.pdf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(r.text()).isEqualTo("%PDF");
        assertThat(get("/downloads/secret.txt").status()).isEqualTo(404);
    }

    @Test
    void range_single_is206_andUnsatisfiable_is416() throws Exception {
        root();
        RawHttp.Response r = request("GET", "/ten.txt", "Range: bytes=2-5\r\n");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.text()).isEqualTo("2345");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(request("GET", "/ten.txt", "Range: bytes=-3\r\n").text()).isEqualTo("789");
        assertThat(request("GET", "/ten.txt", "Range: bytes=7-\r\n").text()).isEqualTo("789");
        RawHttp.Response bad = request("GET", "/ten.txt", "Range: bytes=20-30\r\n");
        assertThat(bad.status()).isEqualTo(416);
        assertThat(bad.header("Content-Range")).isEqualTo("bytes */10");
        RawHttp.Response multi = request("GET", "/ten.txt", "Range: bytes=0-1,4-5\r\n");
        assertThat(multi.status()).isEqualTo(200);
        assertThat(multi.text()).isEqualTo("0123456789");
    }

    @Test
    void conditionals_answer304_withNginxEtagAndLastModified() throws Exception {
        root();
        RawHttp.Response full = get("/ten.txt");
        long seconds = Instant.parse("2024-03-01T12:00:00Z").getEpochSecond();
        assertThat(full.header("ETag")).isEqualTo("\"" + Long.toHexString(seconds) + "-a\"");
        assertThat(full.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
        assertThat(request("GET", "/ten.txt", "If-None-Match: " + full.header("ETag") + "\r\n").status())
                .isEqualTo(304);
        assertThat(request("GET", "/ten.txt", "If-Modified-Since: Fri, 01 Mar 2024 12:00:00 GMT\r\n").status())
                .isEqualTo(304);
        assertThat(request("GET", "/ten.txt", "If-None-Match: \"other\"\r\n").status()).isEqualTo(200);
        assertThat(request("GET", "/ten.txt", "If-Modified-Since: "
                + DateFormatter.format(new Date((seconds - 60) * 1000)) + "\r\n").status()).isEqualTo(200);
    }

    @Test
    void acceptRanges_onlyOnAWhole200_andLastModifiedOn200_206_304() throws Exception {
        root();
        RawHttp.Response full = get("/ten.txt");
        assertThat(full.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(full.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
        RawHttp.Response part = request("GET", "/ten.txt", "Range: bytes=2-5\r\n");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Accept-Ranges")).isNull(); // nginx's range filter sets it only when no range is sent
        assertThat(part.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
        RawHttp.Response same = request("GET", "/ten.txt", "If-None-Match: " + full.header("ETag") + "\r\n");
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.header("Accept-Ranges")).isNull();
        assertThat(same.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
    }

    @Test
    void head_sendsTheHeadersWithoutTheBody() throws Exception {
        root();
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response h = c.send("HEAD /ten.txt HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.header("Content-Length")).isEqualTo("10");
            RawHttp.Response next = c.send("GET /app.js HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(next.text()).isEqualTo("let a = 1;"); // nothing stray was sent after the HEAD answer
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void otherMethods_are405(String method) throws Exception {
        root();
        assertThat(request(method, "/ten.txt", "Content-Length: 0\r\n").status()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/docs/..%2f..%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
        "/docs/../../secret.txt", "//..//secret.txt", "/..\\secret.txt", "/%00secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt"})
    void traversal_neverLeavesTheRoot(String target) throws Exception {
        root();
        RawHttp.Response r = get(target);
        assertThat(r.status()).isIn(400, 404);
        assertThat(r.text()).doesNotContain("SECRET");
    }

    @Test
    void symlinks_areFollowed() throws Exception {
        Files.createSymbolicLink(www.resolve("link.txt"), www.resolve("ten.txt"));
        root();
        assertThat(get("/link.txt").text()).isEqualTo("0123456789");
    }

    @Test
    void bigFile_isSentByteExact_andKeepAliveGoesOn() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 7];
        new Random(42).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        root();
        try (RawHttp c = new RawHttp(proxy.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = c.send("GET /big.bin HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(big);
                RawHttp.Response small = c.send("GET /ten.txt HTTP/1.1\r\nHost: h\r\n\r\n").read();
                assertThat(small.text()).isEqualTo("0123456789");
            }
        }
        await().until(() -> events.completed.size() == 6);
        assertThat(events.completed).allSatisfy(v -> assertThat(v.upstream()).isEqualTo("-"));
        assertThat(events.completed.get(0).bytesSent()).isEqualTo(big.length);
    }

    @Test
    void clientLeavingMidFile_closesTheFile() throws Exception {
        Path big = www.resolve("huge.bin");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(256L * 1024 * 1024); // sparse: big enough never to fit in socket buffers
        }
        root();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.port()));
            s.getOutputStream().write("GET /huge.bin HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            assertThat(in.read(buf)).isPositive();
            await().until(() -> openCount(big) == 1);
            s.setSoLinger(true, 0); // reset, as a browser tab closing mid-download
        }
        await().until(() -> openCount(big) == 0);
        await().until(() -> events.completed.size() == 1);
        assertThat(events.completed.get(0).status()).isEqualTo(200);
        assertThat(events.completed.get(0).bytesSent()).isPositive().isLessThan(256L * 1024 * 1024);
    }

    /** How many descriptors of this process are open on {@code file} (Linux /proc). */
    private static long openCount(Path file) throws Exception {
        Path real = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}
