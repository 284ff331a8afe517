package dev.telltale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A Telltale started from an nginx config, steered with {@code -s} through its pid file. */
class NginxProcessTest {

    @Test
    void dashS_reloadThenStop_reachTheRunningInstanceThroughItsPidFile(@TempDir Path dir) throws Exception {
        int port = ProcessTest.freePort();
        Path pid = dir.resolve("run/telltale.pid");
        Path conf = Files.writeString(dir.resolve("nginx.conf"), "pid " + pid + ";\nerror_log stderr;\n"
                + "http { access_log off; server { listen 127.0.0.1:" + port + "; "
                + "location / { proxy_pass http://127.0.0.1:9; } } }\n");
        Process p = ProcessTest.launch(dir, "-c", conf.toString());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains(", nginx, pid ")));
            assertThat(Files.readString(pid).strip()).isEqualTo(Long.toString(p.pid()));

            assertThat(lines).noneMatch(l -> l.contains("reload"));
            assertThat(signal("reload", conf)).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("reload")
                    && !l.contains("rejected")));

            assertThat(signal("stop", conf)).isZero();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(pid).doesNotExist();
        } finally {
            p.destroyForcibly();
            reader.join(5000);
        }
    }

    /** {@code telltale -s NAME -c conf} in this JVM, its stderr kept out of the test output. */
    private static int signal(String name, Path conf) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.execute("-s", name, "-c", conf.toString());
        } finally {
            System.setErr(old);
        }
    }
}
