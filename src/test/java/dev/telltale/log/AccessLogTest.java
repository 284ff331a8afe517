package dev.telltale.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.LogConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    static final long AT = Instant.parse("2026-11-24T07:18:22.007Z").toEpochMilli();
    static final String HOSTILE_URI = "/a\"b\r\nX-Injected: 1<script>alert(1)</script>\\é";
    static final String HOSTILE_UA = "curl\"/8\r\n{\"fake\":true}<script>";
    private static final ObjectMapper JSON = new ObjectMapper();

    static AccessRecord ok() {
        return new AccessRecord(AT, "3f9c01", "127.0.0.1", "GET", "/api/users?id=7", "HTTP/1.1", "localhost:8080",
                200, 512, 12, "/api/", "app", List.of("127.0.0.1:3000"), 200, 1L, 9L, null, null, "curl/8.5.0",
                "http://localhost/");
    }

    static AccessRecord failed(List<String> addresses) {
        return new AccessRecord(AT, "3f9c02", "10.0.0.9", "POST", "/submit", "HTTP/1.1", "example.test", 502, 1830,
                3, "/", "app", addresses, null, null, null, "refused", "connection_refused", null, null);
    }

    static List<String> lines(String format, AccessRecord... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AccessLog log = new AccessLog(LogSink.of("logs.access", out, AccessLog.encoder(format), 1024))) {
            for (AccessRecord r : records) {
                log.log(r);
            }
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return List.of(text.split("\n")); // only \n ends a line: a raw \r would show as a wrong line
    }

    static JsonNode json(AccessRecord r) throws Exception {
        List<String> lines = lines("json", r);
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void json_successfulRequest_hasFieldsInOrderWithoutCause() throws Exception {
        JsonNode line = json(ok());

        assertThat(keys(line)).containsExactly("ts", "request_id", "client", "method", "uri", "protocol", "host",
                "status", "bytes_sent", "duration_ms", "route", "upstream", "upstream_addr", "upstream_status",
                "upstream_connect_ms", "upstream_header_ms", "user_agent", "referer");
        assertThat(line.get("ts").asText()).isEqualTo("2026-11-24T07:18:22.007Z");
        assertThat(line.get("request_id").asText()).isEqualTo("3f9c01");
        assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("uri").asText()).isEqualTo("/api/users?id=7");
        assertThat(line.get("host").asText()).isEqualTo("localhost:8080");
        assertThat(line.get("status").isInt()).isTrue();
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("bytes_sent").asLong()).isEqualTo(512);
        assertThat(line.get("duration_ms").asLong()).isEqualTo(12);
        assertThat(line.get("route").asText()).isEqualTo("/api/");
        assertThat(line.get("upstream").asText()).isEqualTo("app");
        assertThat(line.get("upstream_status").asInt()).isEqualTo(200);
        assertThat(line.get("upstream_connect_ms").asLong()).isEqualTo(1);
        assertThat(line.get("upstream_header_ms").asLong()).isEqualTo(9);
        assertThat(line.get("user_agent").asText()).isEqualTo("curl/8.5.0");
    }

    @Test
    void json_failedRequest_hasCauseAndProxyStatusAndNulls() throws Exception {
        JsonNode line = json(failed(List.of("127.0.0.1:3000", "127.0.0.1:3001")));

        assertThat(line.get("cause").asText()).isEqualTo("refused");
        assertThat(line.get("proxy_status").asText()).isEqualTo("connection_refused");
        assertThat(keys(line)).containsSubsequence("upstream_header_ms", "cause", "proxy_status", "user_agent");
        assertThat(line.get("upstream_status").isNull()).isTrue();
        assertThat(line.get("upstream_connect_ms").isNull()).isTrue();
        assertThat(line.get("user_agent").isNull()).isTrue();
        assertThat(line.get("referer").isNull()).isTrue();
    }

    @Test
    void json_upstreamAddr_isStringForOneArrayForSeveralNullForNone() throws Exception {
        JsonNode one = json(failed(List.of("127.0.0.1:3000"))).get("upstream_addr");
        JsonNode several = json(failed(List.of("127.0.0.1:3000", "[::1]:3001"))).get("upstream_addr");
        JsonNode none = json(failed(null)).get("upstream_addr");
        JsonNode empty = json(failed(List.of())).get("upstream_addr");

        assertThat(one.isTextual()).isTrue();
        assertThat(one.asText()).isEqualTo("127.0.0.1:3000");
        assertThat(several.isArray()).isTrue();
        assertThat(several).extracting(JsonNode::asText).containsExactly("127.0.0.1:3000", "[::1]:3001");
        assertThat(none.isNull()).isTrue();
        assertThat(empty.isNull()).isTrue();
    }

    @Test
    void json_hostileValues_roundTripOnOneLine() throws Exception {
        AccessRecord r = new AccessRecord(AT, "id", "127.0.0.1", "GET", HOSTILE_URI, "HTTP/1.1", "h\"\n", 400, 0, 0,
                null, null, null, null, null, null, null, null, HOSTILE_UA, "\u0000\u001b[31m");

        List<String> lines = lines("json", r);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\r").doesNotContain("\u0000").doesNotContain("\u001b");
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.get("uri").asText()).isEqualTo(HOSTILE_URI);
        assertThat(line.get("user_agent").asText()).isEqualTo(HOSTILE_UA);
        assertThat(line.get("host").asText()).isEqualTo("h\"\n");
        assertThat(line.get("referer").asText()).isEqualTo("\u0000\u001b[31m");
    }

    @Test
    void json_manyLines_eachParsesAlone() throws Exception {
        List<String> lines = lines("json", ok(), failed(List.of("a:1")), ok());

        assertThat(lines).hasSize(3);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("ts").asText()).isEqualTo("2026-11-24T07:18:22.007Z");
        }
    }

    @Test
    void combined_successfulRequest_isNginxCombinedExactly() {
        assertThat(lines("combined", ok())).containsExactly("127.0.0.1 - - [24/Nov/2026:07:18:22 +0000] "
                + "\"GET /api/users?id=7 HTTP/1.1\" 200 512 \"http://localhost/\" \"curl/8.5.0\"");
    }

    @Test
    void combined_absentValues_areDashes() {
        AccessRecord r = new AccessRecord(AT, null, null, null, null, null, null, 400, 0, 0, null, null, null, null,
                null, null, null, null, null, null);

        assertThat(lines("combined", r)).containsExactly("- - - [24/Nov/2026:07:18:22 +0000] \"-\" 400 0 \"-\" \"-\"");
    }

    @Test
    void combined_hostileValues_escapedLikeNginx() {
        AccessRecord r = new AccessRecord(AT, "id", "127.0.0.1", "GET", HOSTILE_URI, "HTTP/1.1", null, 404, 0, 1,
                null, null, null, null, null, null, null, null, HOSTILE_UA, "\u007f\t");

        assertThat(lines("combined", r)).containsExactly("127.0.0.1 - - [24/Nov/2026:07:18:22 +0000] "
                + "\"GET /a\\x22b\\x0D\\x0AX-Injected: 1<script>alert(1)</script>\\x5C\\xC3\\xA9 HTTP/1.1\" 404 0 "
                + "\"\\x7F\\x09\" \"curl\\x22/8\\x0D\\x0A{\\x22fake\\x22:true}<script>\"");
    }

    @Test
    void open_offTarget_isDisabledAndIgnoresLines() {
        try (AccessLog log = AccessLog.open(new LogConfig("off", "json"))) {
            log.log(ok());
            assertThat(log.enabled()).isFalse();
            assertThat(log.dropped()).isZero();
        }
    }

    @Test
    void open_unknownFormat_failsNamingTheKey() {
        assertThatThrownBy(() -> AccessLog.open(new LogConfig("off", "nginx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logs.access.format: nginx (expected: json or combined)");
    }
}
