package dev.telltale.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/, /",
        "/a/b, /a/b",
        "/a/b/, /a/b/",
        "/a?x=1, /a",
        "/a?x=/../.., /a",                  // the query is cut before anything else
        "/?, /",
        "/a//b///c, /a/b/c",
        "//a, /a",
        "/a/./b, /a/b",
        "/a/., /a/",
        "/a/.., /",
        "/a/b/../c, /a/c",
        "/a/b/../../c/, /c/",
        "/./, /",
        "/.well-known/x, /.well-known/x",   // dots inside a segment are just characters
        "/a/..b/c., /a/..b/c.",
        "/a/.../b, /a/.../b",
        "/%61%62c, /abc",
        "/a%2Fb, /a/b",                     // a decoded / is a slash, as in nginx
        "/a/%2e%2E/b, /b",
        "/a%2f%2fb, /a/b",
        "/a%20b+c, /a b+c",                 // + is not a space in a path
        "/%25, /%",                         // decoded once: %25 stays a literal %
        "/%2541, /%41",
        "/a%3Fb?c, /a?b",                   // an encoded ? is part of the path
        "/caf%C3%A9, /café",                // bytes are read as UTF-8
    })
    void normalise_decodesMergesAndResolves(String target, String expected) {
        assertThat(RequestPath.normalise(target)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/a/b?x=1, /a/b",
        "/a//b/../%63, /a/c",
        "/a%2Fb, /a/b",
        "/a%20b, /a%20b",                   // escaped again: a space cannot go into a request line
        "/%25%3f%23, /%25%3F%23",           // %, ? and # too, upper-case hex
        "/caf%c3%a9, /caf%C3%A9",
        "/%ff, /%FF",                       // byte for byte, UTF-8 or not
        "/a%22b%3Cc~, /a\"b<c~",            // what NGX_ESCAPE_URI leaves alone stays decoded
        "/%7f%01, /%7F%01",
    })
    void escapedPath_isTheNormalPathEscapedLikeNginx(String target, String expected) {
        assertThat(RequestPath.escapedPath(target)).isEqualTo(expected);
    }

    @Test
    void escape_leavesPlainTextAlone_andEncodesUtf8() {
        String plain = "/api/v2/";
        assertThat(RequestPath.escape(plain)).isSameAs(plain);
        assertThat(RequestPath.escape("/café x")).isEqualTo("/caf%C3%A9%20x");
        assertThat(RequestPath.escapedPath("/..")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {"/a/%41, /a/%41", "/café//x/./y/.., /café/x/", "/a/../.., -", "a, -",
        "'', -"})
    void resolve_mergesAndResolves_butDecodesNothing(String path, String expected) {
        assertThat(RequestPath.resolve(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {"/a, -", "/a?, ''", "/a?x=1&y, x=1&y", "/a?x#frag, x", "/a%3Fb?c?d, c?d"})
    void query_isAfterTheFirstQuestionMark(String target, String expected) {
        assertThat(RequestPath.query(target)).isEqualTo(expected);
    }

    @Test
    void rawUtf8Bytes_decodeLikeEncodedOnes() {
        // Netty gives the request line as ISO-8859-1: one char per byte.
        String raw = new String("/café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(RequestPath.normalise(raw)).isEqualTo("/café");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "a/b", "http://h/x", "/..", "/../a", "/a/../..", "/a/%2E%2E/%2e%2e",
        "/%", "/%4", "/%g0", "/%0g", "/a%00", "/%zz?ok"})
    void invalidTarget_isNull(String target) {
        assertThat(RequestPath.normalise(target)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/a/b?x=1, 4", "/a, 2", "/?, 1", "/.well-known/x, 14", "/a//b, -1", "/a/./b, -1", "/a/.., -1",
        "/a%20, -1", "*, -1", "/x?%zz, 2"})
    void plainEnd_isWhereAnAlreadyNormalPathEnds(String target, int end) {
        assertThat(RequestPath.plainEnd(target)).isEqualTo(end);
    }

    @Test
    void plainPath_comesBackAsItIs() {
        String target = "/api/v2/users/42";
        assertThat(RequestPath.normalise(target)).isSameAs(target);
        assertThat(RequestPath.normalise("/api/v2?q=%zz/../")).isEqualTo("/api/v2");
    }
}
