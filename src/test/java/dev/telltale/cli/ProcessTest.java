package dev.telltale.cli;

import dev.telltale.demo.FaultServer;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real process: a JVM started like {@code java -jar}, steered by signals. */
class ProcessTest {

    static Process launch(Path dir, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Reads the process output until a line contains {@code marker}. */
    static String awaitLine(Process p, String marker) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.contains(marker)) {
                        return l;
                    }
                }
                return null;
            } catch (Exception e) {
                return null;
            }
        });
        return line.get(20, TimeUnit.SECONDS);
    }

    @Test
    void sigterm_drainsTheInFlightRequestThenExitsZero(@TempDir Path dir) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        try (FaultServer slow = FaultServer.script(conn -> {
            conn.readRequest();
            arrived.countDown();
            Thread.sleep(700);
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone".getBytes(StandardCharsets.US_ASCII));
            conn.holdUntilServerClosed();
        })) {
            int port = freePort();
            Files.writeString(dir.resolve("t.yaml"), "server: { listen: [\"127.0.0.1:" + port + "\"] }\n"
                    + "admin: { listen: off }\nlogs: { access: { target: off } }\n"
                    + "upstreams: { app: { servers: [\"" + slow.url() + "\"] } }\n");
            Process p = launch(dir, "-c", "t.yaml");
            try {
                assertThat(awaitLine(p, "listening on")).isNotNull();
                try (RawHttp c = new RawHttp(port)) {
                    c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
                    p.destroy(); // SIGTERM
                    RawHttp.Response r = c.read();
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.text()).isEqualTo("done");
                }
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void testMode_reportsEveryErrorWithFileLineColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "server:\n  workers: many\n  listn: []\n");
        Process p = launch(dir, "-t", "-c", "bad.yaml");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("bad.yaml:2:12: ").contains("bad.yaml:3:3: unknown key 'listn' in server (did you mean 'listen'?)");
    }

    @Test
    void testMode_acceptsTheReferenceConfig() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Process p = launch(repo, "-t", "-c", "conf/telltale.yaml");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("configuration conf/telltale.yaml test is successful");
    }
}
