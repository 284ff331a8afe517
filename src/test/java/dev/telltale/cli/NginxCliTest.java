package dev.telltale.cli;

import dev.telltale.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -t}, {@code --nginx}, {@code --lenient} and {@code nginx-convert} on nginx configs. */
class NginxCliTest {
    @RegisterExtension
    final Stdio stdio = new Stdio();

    private String out() {
        return stdio.out();
    }

    private String err() {
        return stdio.err();
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

    @Test
    void dashLowercaseV_printsNginxsVersionLineOnStderr() {
        assertThat(Main.execute("-v")).isZero();
        assertThat(err()).isEqualTo("nginx version: telltale/" + Main.Version.VERSION + " (nginx-compatible)\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void dashUppercaseV_addsTheConfigureLineOfSupportedModules() {
        assertThat(Main.execute("-V")).isZero();
        assertThat(err()).startsWith("nginx version: telltale/").contains("configure arguments: ")
                .contains("--with-http_proxy_module").contains("--without-http_ssl_module");
    }

    @Test
    void dashT_testsThenPrintsTheMainFileAndEveryInclude(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Path site = Files.writeString(dir.resolve("conf.d/site.conf"), "server { listen 127.0.0.1:8080; "
                + "location / { proxy_pass http://127.0.0.1:3000; } }");
        Path main = Files.writeString(dir.resolve("nginx.conf"), "http {\n    include conf.d/*.conf;\n}\n");
        assertThat(Main.execute("-T", "-c", main.toString())).as(err()).isZero();
        assertThat(err()).contains("test is successful");
        assertThat(out()).isEqualTo("# configuration file " + main + ":\nhttp {\n    include conf.d/*.conf;\n}\n\n"
                + "# configuration file " + site + ":\n" + Files.readString(site) + "\n\n");
    }

    @Test
    void dashP_readsARelativeConfigAndRootUnderThePrefix(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/nginx.conf"), "http { server { listen 127.0.0.1:8080; root www; } }");
        assertThat(Main.execute("-p", dir.toString(), "nginx-convert", dir.resolve("conf/nginx.conf").toString()))
                .isZero();
        assertThat(out()).contains("root: \"" + dir.resolve("www") + "\""); // default prefix: the parent of conf/
        stdio.reset();
        assertThat(Main.execute("-T", "-p", dir.toString(), "-c", "conf/nginx.conf")).as(err()).isZero();
        assertThat(out()).startsWith("# configuration file " + dir.resolve("conf/nginx.conf") + ":\n");
    }

    @Test
    void dashS_withoutAPidFile_saysWhichFileItLookedFor(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("nginx.conf"), GOOD);
        Path pid = dir.resolve("run/t.pid");
        assertThat(Main.execute("-s", "reload", "-c", f.toString(), "-g", "pid " + pid + ";")).isEqualTo(1);
        assertThat(err()).startsWith("telltale: [error] open() \"" + pid + "\" failed (2: No such file or directory)");
    }

    @Test
    void dashS_withAStalePidFile_saysItIsStale(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path pid = Files.writeString(dir.resolve("t.pid"), gone.pid() + "\n");
        Path f = Files.writeString(dir.resolve("nginx.conf"), "pid " + pid + ";\n" + GOOD);
        assertThat(Main.execute("-s", "stop", "-c", f.toString())).isEqualTo(1);
        assertThat(err()).contains("kill(" + gone.pid() + ", SIGTERM) failed (3: No such process): the pid file "
                + pid + " is stale");
    }

    @Test
    void dashS_unknownSignal_isRefused(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("nginx.conf"), GOOD);
        assertThat(Main.execute("-s", "restart", "-c", f.toString())).isEqualTo(1);
        assertThat(err()).contains("invalid option: \"-s restart\"");
    }
}
