package dev.telltale.nginx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NginxParserTest {

    static List<Directive> parse(String text) throws NginxConfigException {
        return NginxParser.parse(text, "t.conf", Path.of("."));
    }

    static String error(String text) {
        try {
            parse(text);
        } catch (NginxConfigException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0).toString();
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void nestedBlocks_keepNamesArgsAndLines() throws Exception {
        List<Directive> ast = parse("""
                # comment
                http {
                    server {
                        listen 8080 default_server;   # trailing comment
                        location /api/ { proxy_pass http://127.0.0.1:3000; }
                    }
                }
                """);
        assertThat(ast).hasSize(1);
        Directive http = ast.get(0);
        assertThat(http.name()).isEqualTo("http");
        assertThat(http.line()).isEqualTo(2);
        Directive server = http.block().get(0);
        assertThat(server.block()).extracting(Directive::name).containsExactly("listen", "location");
        assertThat(server.block().get(0).args()).containsExactly("8080", "default_server");
        assertThat(server.block().get(0).line()).isEqualTo(4);
        Directive location = server.block().get(1);
        assertThat(location.args()).containsExactly("/api/");
        assertThat(location.block().get(0).args()).containsExactly("http://127.0.0.1:3000");
        assertThat(location.block().get(0).isBlock()).isFalse();
    }

    @Test
    void quotesAndEscapes_resolveLikeNginx() throws Exception {
        List<Directive> ast = parse("a \"x y\" 'it s' \"q\\\"uote\" 'back\\\\slash' \"tab\\there\" \"keep\\d\" \"\";\n"
                + "b un\\;quoted a#b;\n");
        assertThat(ast.get(0).args()).containsExactly("x y", "it s", "q\"uote", "back\\slash",
                "tab\there", "keep\\d", "");
        assertThat(ast.get(1).args()).containsExactly("un\\;quoted", "a#b");
    }

    @Test
    void variables_keptVerbatimIncludingBraces() throws Exception {
        List<Directive> ast = parse("proxy_set_header X-A ${host}x;\nproxy_set_header Host $host;\n");
        assertThat(ast.get(0).args()).containsExactly("X-A", "${host}x");
        assertThat(ast.get(1).args()).containsExactly("Host", "$host");
    }

    @Test
    void closingBraceInsideWord_isPartOfTheWord() throws Exception {
        assertThat(parse("a b};").get(0).args()).containsExactly("b}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http {\\n  server {\\n  }\\n  }\\n}\\n | unexpected \"}\" in t.conf:5",
        "http {\\n  server {\\n  }\\n | unexpected end of file, expecting \"}\" in t.conf:4",
        "listen 80 | unexpected end of file, expecting \";\" or \"}\" in t.conf:1",
        "a;\\n;\\n | unexpected \";\" in t.conf:2",
        "a;\\n{ }\\n | unexpected \"{\" in t.conf:2",
        "a \"x\"y; | unexpected \"y\" in t.conf:1",
        "a 'it''s'; | unexpected \"'\" in t.conf:1",
        "a 'open;\\n\\n | unexpected end of file, expecting \";\" or \"}\" in t.conf:3",
        "a b }\\n | unexpected \"}\" in t.conf:1",
        "include a b; | invalid number of arguments in \"include\" directive in t.conf:1",
    })
    void syntaxErrors_readLikeNginxWithTheirLine(String text, String expected) {
        assertThat(error(text.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void includeGlob_insertsMatchesInNameOrderRelativeToTheMainFilesDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/b.conf"), "b 1;\n");
        Files.writeString(dir.resolve("conf.d/a.conf"), "a 1;\ninclude more/x.inc;\n"); // as nginx: from nginx.conf's dir
        Files.writeString(dir.resolve("conf.d/.hidden.conf"), "hidden 1;\n");
        Files.writeString(dir.resolve("conf.d/c.txt"), "c 1;\n");
        Files.createDirectories(dir.resolve("more"));
        Files.writeString(dir.resolve("more/x.inc"), "x 1;\n");
        Files.writeString(dir.resolve("nginx.conf"), "first;\nhttp { include conf.d/*.conf; include none/*.conf; }\n");
        List<Directive> ast = NginxParser.parse(dir.resolve("nginx.conf"));
        Directive http = ast.get(1);
        assertThat(http.block()).extracting(Directive::name).containsExactly("a", "x", "b");
        assertThat(http.block().get(1).file()).endsWith("more/x.inc".replace('/', java.io.File.separatorChar));
        assertThat(http.block().get(2).line()).isEqualTo(1);
    }

    @Test
    void missingInclude_isOpenFailedAtTheIncludeLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nginx.conf"), "\ninclude missing.conf;\n");
        assertThatThrownBy(() -> NginxParser.parse(dir.resolve("nginx.conf")))
                .isInstanceOf(NginxConfigException.class)
                .hasMessage("open() \"" + dir.resolve("missing.conf") + "\" failed (2: No such file or directory) in "
                        + dir.resolve("nginx.conf") + ":2");
    }

    @Test
    void includeCycle_isRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf;\n");
        Files.writeString(dir.resolve("b.conf"), "x 1;\ninclude a.conf;\n");
        assertThatThrownBy(() -> NginxParser.parse(dir.resolve("a.conf")))
                .hasMessage("include cycle: \"" + dir.resolve("a.conf") + "\" is already being read in "
                        + dir.resolve("b.conf") + ":2");
    }

    @Test
    void missingMainFile_isOpenFailed(@TempDir Path dir) {
        assertThatThrownBy(() -> NginxParser.parse(dir.resolve("nope.conf")))
                .hasMessage("open() \"" + dir.resolve("nope.conf") + "\" failed (2: No such file or directory)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"60s|60000", "60|60000", "1m|60000", "1m30s|90000", "500ms|500", "1h|3600000",
        "2d|172800000"})
    void times_parseNginxUnits(String text, long ms) {
        assertThat(NginxUnits.time(text).toMillis()).isEqualTo(ms);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"512|512", "16k|16384", "16K|16384", "10m|10485760", "1g|1073741824", "0|0"})
    void sizes_parseNginxUnits(String text, long bytes) {
        assertThat(NginxUnits.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"10x", "s", "30s1m", "1m30", "''", "-1"})
    void badTimes_areRefused(String text) {
        assertThatThrownBy(() -> NginxUnits.time(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
