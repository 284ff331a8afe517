package dev.telltale.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.LogConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.log.AccessLog;
import dev.telltale.log.ErrorLog;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.ServerHealth;
import dev.telltale.upstream.UpstreamGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> logged(Path dir, java.util.function.Consumer<LoggingEvents> calls) throws Exception {
        Path file = dir.resolve("error.log");
        try (AccessLog access = AccessLog.open(new LogConfig("off", "json"));
             ErrorLog errors = ErrorLog.open(new LogConfig(file.toString(), "json"))) {
            calls.accept(new LoggingEvents(access, errors));
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Server server() {
        return new UpstreamGroup(UpstreamConfig.ofUrl("app", "http://app.internal:3000")).servers().get(0);
    }

    @Test
    void healthChange_downIsWarn_upIsNotice_withUpstreamServerFromToReason(@TempDir Path dir) throws Exception {
        List<JsonNode> lines = logged(dir, events -> {
            events.healthChanged(server(), new ServerHealth.Change(true, false, "3 check(s) in a row failed: status 500"));
            events.healthChanged(server(), new ServerHealth.Change(false, true, "2 check(s) in a row passed: status 200"));
        });

        assertThat(lines).hasSize(2);
        JsonNode down = lines.get(0);
        assertThat(down.get("event").asText()).isEqualTo("health_change");
        assertThat(down.get("level").asText()).isEqualTo("warn");
        assertThat(down.get("upstream").asText()).isEqualTo("app");
        assertThat(down.get("server").asText()).isEqualTo("http://app.internal:3000");
        assertThat(down.get("from").asText()).isEqualTo("up");
        assertThat(down.get("to").asText()).isEqualTo("down");
        assertThat(down.get("reason").asText()).isEqualTo("3 check(s) in a row failed: status 500");
        assertThat(lines.get(1).get("level").asText()).isEqualTo("notice");
        assertThat(lines.get(1).get("to").asText()).isEqualTo("up");
    }

    @Test
    void dnsFailure_isAWarnDnsErrorWithTheKeptAddresses(@TempDir Path dir) throws Exception {
        List<JsonNode> lines = logged(dir, events -> events.dnsFailed(server(),
                "app.internal:3000 could not be resolved (host not found)", List.of("10.0.0.7:3000")));

        JsonNode line = lines.get(0);
        assertThat(line.get("event").asText()).isEqualTo("dns_error");
        assertThat(line.get("level").asText()).isEqualTo("warn");
        assertThat(line.get("host").asText()).isEqualTo("app.internal");
        assertThat(line.get("reason").asText()).contains("could not be resolved");
        assertThat(line.get("kept").toString()).isEqualTo("[\"10.0.0.7:3000\"]");
    }
}
