package dev.telltale.log;

import static dev.telltale.log.AccessLogTest.AT;
import static dev.telltale.log.AccessLogTest.HOSTILE_UA;
import static dev.telltale.log.AccessLogTest.HOSTILE_URI;
import static dev.telltale.log.AccessLogTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.ProxyStatus;
import dev.telltale.diagnose.UpstreamFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "2026/11/24 07:18:22 [error] " + NginxErrorEncoder.PID + "#0: ";
    static final UpstreamFailure REFUSED = new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED,
            Phase.CONNECT, "ECONNREFUSED", "connect() failed (111: Connection refused)", null, null, null, null);

    static UpstreamErrorRecord record(UpstreamFailure failure) {
        return new UpstreamErrorRecord(AT, "3f9c01", failure, "127.0.0.1", "GET", "/", "HTTP/1.1", "localhost:8080",
                "/", "app", "http://127.0.0.1:3000", "127.0.0.1:3000", 1, 2, null);
    }

    static List<String> lines(String format, Consumer<ErrorLog> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ErrorLog log = new ErrorLog(LogSink.of("logs.error", out, ErrorLog.encoder(format), 1024))) {
            writes.accept(log);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return List.of(text.split("\n"));
    }

    static JsonNode json(UpstreamErrorRecord r) throws Exception {
        List<String> lines = lines("json", log -> log.upstreamError(r));
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    @Test
    void json_upstreamError_hasDesignFieldsInOrder() throws Exception {
        JsonNode line = json(record(REFUSED));

        assertThat(keys(line)).containsExactly("ts", "level", "event", "request_id", "cause", "proxy_status", "phase",
                "errno", "message", "client", "method", "uri", "host", "route", "upstream", "server", "address",
                "attempt", "elapsed_ms", "connect_ms", "timeout_ms");
        assertThat(line.get("ts").asText()).isEqualTo("2026-11-24T07:18:22.007Z");
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("event").asText()).isEqualTo("upstream_error");
        assertThat(line.get("request_id").asText()).isEqualTo("3f9c01");
        assertThat(line.get("cause").asText()).isEqualTo("refused");
        assertThat(line.get("proxy_status").asText()).isEqualTo("connection_refused");
        assertThat(line.get("phase").asText()).isEqualTo("connect");
        assertThat(line.get("errno").asText()).isEqualTo("ECONNREFUSED");
        assertThat(line.get("message").asText()).isEqualTo("connect() failed (111: Connection refused)");
        assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("uri").asText()).isEqualTo("/");
        assertThat(line.get("host").asText()).isEqualTo("localhost:8080");
        assertThat(line.get("route").asText()).isEqualTo("/");
        assertThat(line.get("upstream").asText()).isEqualTo("app");
        assertThat(line.get("server").asText()).isEqualTo("http://127.0.0.1:3000");
        assertThat(line.get("address").asText()).isEqualTo("127.0.0.1:3000");
        assertThat(line.get("attempt").asInt()).isEqualTo(1);
        assertThat(line.get("elapsed_ms").asLong()).isEqualTo(2);
        assertThat(line.get("connect_ms").isNull()).isTrue();
        assertThat(line.get("timeout_ms").isNull()).isTrue();
    }

    @Test
    void json_malformedResponse_addsReceivedAndTimeout() throws Exception {
        UpstreamFailure malformed = new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR,
                Phase.READ_HEADERS, null, "upstream sent invalid header", 60_000L, "timeouts.read",
                "SSH-2.0-OpenSSH_9.6\\r\\n", "ssh");
        UpstreamErrorRecord r = new UpstreamErrorRecord(AT, "id", malformed, "::1", "GET", "/", "HTTP/1.1", null,
                null, "app", "http://[::1]:22", "[::1]:22", 2, 5, 1L);

        JsonNode line = json(r);

        assertThat(keys(line)).endsWith("timeout_ms", "received");
        assertThat(line.get("received").asText()).isEqualTo("SSH-2.0-OpenSSH_9.6\\r\\n");
        assertThat(line.get("timeout_ms").asLong()).isEqualTo(60_000);
        assertThat(line.get("errno").isNull()).isTrue();
        assertThat(line.get("host").isNull()).isTrue();
        assertThat(line.get("connect_ms").asLong()).isEqualTo(1);
        assertThat(line.get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void json_hostileValues_roundTripOnOneLine() throws Exception {
        UpstreamErrorRecord r = new UpstreamErrorRecord(AT, "id", REFUSED, "127.0.0.1", "GET", HOSTILE_URI,
                "HTTP/1.1", HOSTILE_UA, null, "app", null, null, 1, 0, null);

        List<String> lines = lines("json", log -> log.upstreamError(r));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\r");
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.get("uri").asText()).isEqualTo(HOSTILE_URI);
        assertThat(line.get("host").asText()).isEqualTo(HOSTILE_UA);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CONNECT      | connect() failed (111: Connection refused)       | while connecting to upstream",
        "SEND_REQUEST | writev() failed (32: Broken pipe)                | while sending request to upstream",
        "READ_HEADERS | upstream timed out (110: Connection timed out)   | while reading response header from upstream",
        "READ_BODY    | upstream prematurely closed connection           | while reading upstream",
    })
    void nginx_eachPhase_isExactLine(Phase phase, String message, String clause) {
        UpstreamFailure failure = new UpstreamFailure(Cause.TIMEOUT, ProxyStatus.CONNECTION_READ_TIMEOUT, phase,
                null, message, null, null, null, null);

        assertThat(lines("nginx", log -> log.upstreamError(record(failure)))).containsExactly(PREFIX + "*1 "
                + message + " " + clause + ", client: 127.0.0.1, server: , request: \"GET / HTTP/1.1\", "
                + "upstream: \"http://127.0.0.1:3000/\", host: \"localhost:8080\", request_id: \"3f9c01\"");
    }

    @Test
    void nginx_resolveFailure_hasNoWhileClauseAndNamesTheServer() {
        UpstreamFailure dns = new UpstreamFailure(Cause.DNS, ProxyStatus.DNS_ERROR, Phase.RESOLVE, null,
                "app.internal could not be resolved (3: Host not found)", null, null, null, null);
        UpstreamErrorRecord r = new UpstreamErrorRecord(AT, "r1", dns, "127.0.0.1", "GET", "/x", "HTTP/1.1", null,
                null, "app", "https://app.internal:8443/base", null, 1, 0, null);

        assertThat(lines("nginx", log -> log.upstreamError(r))).containsExactly(PREFIX
                + "*1 app.internal could not be resolved (3: Host not found), client: 127.0.0.1, server: , "
                + "request: \"GET /x HTTP/1.1\", upstream: \"https://app.internal:8443/x\", request_id: \"r1\"");
    }

    @Test
    void nginx_noLiveUpstream_namesTheUpstreamAndCountsLines() {
        UpstreamFailure none = new UpstreamFailure(Cause.NO_LIVE_UPSTREAM, ProxyStatus.DESTINATION_UNAVAILABLE,
                Phase.CONNECT, null, "no live upstreams", null, null, null, null);
        UpstreamErrorRecord r = new UpstreamErrorRecord(AT, "r2", none, "127.0.0.1", "GET", "/", "HTTP/1.1", null,
                null, "app", null, null, 1, 0, null);

        List<String> lines = lines("nginx", log -> {
            log.upstreamError(r);
            log.upstreamError(r);
        });

        assertThat(lines).containsExactly(
                PREFIX + "*1 no live upstreams while connecting to upstream, client: 127.0.0.1, server: , "
                        + "request: \"GET / HTTP/1.1\", upstream: \"http://app/\", request_id: \"r2\"",
                PREFIX + "*2 no live upstreams while connecting to upstream, client: 127.0.0.1, server: , "
                        + "request: \"GET / HTTP/1.1\", upstream: \"http://app/\", request_id: \"r2\"");
    }

    @Test
    void nginx_hostileValues_escaped() {
        UpstreamFailure failure = new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR,
                Phase.READ_HEADERS, null, "upstream sent invalid header: \"X\r\n\"", null, null, null, null);
        UpstreamErrorRecord r = new UpstreamErrorRecord(AT, "id", failure, "127.0.0.1", "GET", "/a\"b\r\n<script>",
                "HTTP/1.1", "h\"\r\n", null, "app", "http://127.0.0.1:3000", "127.0.0.1:3000", 1, 0, null);

        assertThat(lines("nginx", log -> log.upstreamError(r))).containsExactly(PREFIX
                + "*1 upstream sent invalid header: \\x22X\\x0D\\x0A\\x22 while reading response header from upstream, "
                + "client: 127.0.0.1, server: , request: \"GET /a\\x22b\\x0D\\x0A<script> HTTP/1.1\", "
                + "upstream: \"http://127.0.0.1:3000/a\\x22b\\x0D\\x0A<script>\", host: \"h\\x22\\x0D\\x0A\", "
                + "request_id: \"id\"");
    }

    private static Map<String, Object> healthFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("upstream", "app");
        fields.put("server", "http://127.0.0.1:3000");
        fields.put("healthy", false);
        fields.put("fails", 3);
        fields.put("ratio", 0.5);
        fields.put("reason", null);
        fields.put("addresses", Arrays.asList("127.0.0.1:3000", null));
        fields.put("level", "ignored: reserved");
        return fields;
    }

    @Test
    void event_json_keepsOrderAndTypesAndSkipsReservedKeys() throws Exception {
        Map<String, Object> fields = healthFields();

        List<String> lines = lines("json", log -> {
            log.event("health_change", "warn", fields);
            fields.put("late", "not logged"); // the log copied the map
        });

        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(keys(line)).containsExactly("ts", "level", "event", "upstream", "server", "healthy", "fails", "ratio",
                "reason", "addresses");
        assertThat(line.get("level").asText()).isEqualTo("warn");
        assertThat(line.get("event").asText()).isEqualTo("health_change");
        assertThat(line.get("healthy").isBoolean()).isTrue();
        assertThat(line.get("fails").isIntegralNumber()).isTrue();
        assertThat(line.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(line.get("reason").isNull()).isTrue();
        assertThat(line.get("addresses").toString()).isEqualTo("[\"127.0.0.1:3000\",null]");
    }

    @Test
    void event_nginx_quotesStringsOnly() {
        List<String> lines = lines("nginx", log -> log.event("health_change", "warn", healthFields()));

        assertThat(lines.get(0)).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\[warn\\] \\d+#0: .*")
                .endsWith("#0: health_change, upstream: \"app\", server: \"http://127.0.0.1:3000\", healthy: false, "
                        + "fails: 3, ratio: 0.5, reason: -, addresses: [\"127.0.0.1:3000\", -]");
    }

    @Test
    void event_unknownLevel_isRejected() {
        try (ErrorLog log = new ErrorLog(LogSink.of("logs.error", new ByteArrayOutputStream(),
                ErrorLog.encoder("json"), 8))) {
            assertThatThrownBy(() -> log.event("reload", "warning", Map.of()))
                    .hasMessage("level: warning (expected: one of " + ErrorLog.LEVELS + ")");
        }
    }

    @Test
    void record_withoutFailure_isRejected() {
        assertThatThrownBy(() -> record(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
