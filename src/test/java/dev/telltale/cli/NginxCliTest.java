package dev.telltale.cli;

import dev.telltale.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -t}, {@code --nginx}, {@code --lenient} and {@code nginx-convert} on nginx configs. */
class NginxCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static final String GOOD = """
            events { }
            http {
                server {
                    listen 127.0.0.1:8080;
                    location / { proxy_pass http://127.0.0.1:3000; }
                }
            }
            """;

    @Test
    void testFlag_onAConfFile_printsNginxsTwoLines(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("nginx.conf"), GOOD);
        int code = Main.execute("-t", "-c", f.toString());
        assertThat(code).as(err()).isZero();
        assertThat(err()).contains("telltale: the configuration file " + f + " syntax is ok\n"
                + "telltale: configuration file " + f + " test is successful\n");
        assertThat(err()).contains("telltale: [notice] no_effect: events: Telltale sizes its event loops itself (server.workers) in " + f + ":1");
    }

    @Test
    void testFlag_detectsNginxByItsFirstDirectiveWhateverTheName(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("proxy.txt"), "# dev proxy\n" + GOOD);
        assertThat(Main.execute("-t", "-c", f.toString())).as(err()).isZero();
        assertThat(err()).contains("test is successful");
    }

    @Test
    void testFlag_withAnError_printsItNginxStyleAndFails(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("site"), "http {\n  server {\n    gzip on;\n"
                + "    location / { proxy_pass http://127.0.0.1:3000; }\n  }\n}\n");
        assertThat(Main.execute("-t", "--nginx", f.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("telltale: [emerg] unsupported directive \"gzip\" (compression and caching are "
                + "not supported) in " + f + ":3\ntelltale: configuration file " + f + " test failed\n");
    }

    @Test
    void lenient_turnsTheErrorIntoAWarning(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("site.conf"), "http {\n  server {\n    gzip on;\n"
                + "    location / { proxy_pass http://127.0.0.1:3000; }\n  }\n}\n");
        assertThat(Main.execute("-t", "--lenient", "-c", f.toString())).isZero();
        assertThat(err()).contains("telltale: [warn] dropped: unsupported directive \"gzip\" (compression and caching "
                + "are not supported) in " + f + ":3\n");
    }

    @Test
    void nginxConvert_printsYamlThatTheLoaderAccepts(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("nginx.conf"), GOOD);
        assertThat(Main.execute("nginx-convert", f.toString())).as(err()).isZero();
        assertThat(out()).startsWith("# Converted from " + f);
        assertThat(ConfigLoader.parse(out(), "converted.yaml").routes()).hasSize(1);
    }

    @Test
    void yamlConfig_isStillReadAsYaml(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), "server: { listen: [\"127.0.0.1:8080\"] }\n"
                + "admin: { listen: off }\n");
        assertThat(Main.execute("-t", "-c", f.toString())).as(err()).isZero();
        assertThat(out()).contains("configuration " + f + " test is successful");
    }
}
