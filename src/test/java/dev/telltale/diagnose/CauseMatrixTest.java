package dev.telltale.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.boot.LoggingEvents;
import dev.telltale.config.LogConfig;
import dev.telltale.config.ResolverConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.demo.FakeDnsServer;
import dev.telltale.demo.FaultServer;
import dev.telltale.log.AccessLog;
import dev.telltale.log.ErrorLog;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every failure situation of issue 3, provoked by a scripted upstream, with the page, the
 * Proxy-Status header, the error log line and the recorded report agreeing on cause, proxy
 * status and phase.
 */
class CauseMatrixTest {
    static final Timeouts FAST = new Timeouts(Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofMillis(500));
    static FakeDnsServer dns;

    @BeforeAll
    static void startDns() {
        dns = FakeDnsServer.start(Map.of(), Set.of("no-answer.invalid"));
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    /** One situation: how to provoke it and what must come out. */
    enum Situation {
        REFUSED("refused", "connection_refused", "connect", false),
        CONNECT_TIMEOUT("timeout", "connection_timeout", "connect", false),
        SEND_TIMEOUT("timeout", "connection_write_timeout", "send_request", false),
        READ_TIMEOUT_BEFORE_HEADERS("timeout", "connection_read_timeout", "read_headers", false),
        READ_TIMEOUT_MID_BODY("timeout", "connection_read_timeout", "read_body", true),
        RST_BEFORE_RESPONSE("reset", "connection_terminated", "read_headers", false),
        EOF_BEFORE_RESPONSE("reset", "connection_terminated", "read_headers", false),
        RST_MID_BODY("reset", "http_response_incomplete", "read_body", true),
        EOF_MID_CHUNKED_BODY("reset", "http_response_incomplete", "read_body", true),
        SHORT_BODY("malformed", "http_response_incomplete", "read_body", true),
        BAD_STATUS_LINE("malformed", "http_protocol_error", "read_headers", false),
        BAD_HEADER("malformed", "http_protocol_error", "read_headers", false),
        HUGE_HEADER("malformed", "http_response_header_section_size", "read_headers", false),
        BAD_CHUNK("malformed", "http_response_transfer_coding", "read_body", true),
        SSH_GREETING("malformed", "http_protocol_error", "read_headers", false),
        TLS_ON_PLAIN_HTTP("malformed", "http_protocol_error", "read_headers", false),
        HTTP2_ONLY("malformed", "http_protocol_error", "read_headers", false),
        DNS_NXDOMAIN("dns", "dns_error", "resolve", false),
        DNS_TIMEOUT("dns", "dns_timeout", "resolve", false),
        UNREACHABLE("unreachable", "destination_ip_unroutable", "connect", false),
        TLS_HANDSHAKE("tls", "tls_protocol_error", "connect", false),
        NO_LIVE_UPSTREAM("no_live_upstream", "destination_unavailable", "connect", false),
        OVERLOADED("overloaded", "connection_limit_reached", "connect", false);

        final String cause;
        final String proxyStatus;
        final String phase;
        final boolean afterHeaders;

        Situation(String cause, String proxyStatus, String phase, boolean afterHeaders) {
            this.cause = cause;
            this.proxyStatus = proxyStatus;
            this.phase = phase;
            this.afterHeaders = afterHeaders;
        }
    }

    /** The upstream for a situation, and what to close afterwards. */
    private record Setup(String url, List<AutoCloseable> resources, int maxFails, int requests) {
        /** With max_conns 1, one request holds the only slot while the tested one arrives. */
        boolean holdsSlot() {
            return url.contains("#hold");
        }

        String serverUrl() {
            return url.replace("#hold", "");
        }
    }

    private static Setup setup(Situation s) {
        List<AutoCloseable> res = new ArrayList<>();
        java.util.function.Function<FaultServer, String> keep = f -> {
            res.add(f);
            return f.url();
        };
        return switch (s) {
            case REFUSED -> new Setup("http://127.0.0.1:" + FaultServer.deadPort(), res, 0, 1);
            case CONNECT_TIMEOUT -> new Setup(keep.apply(FaultServer.fullBacklog()), res, 0, 1);
            case SEND_TIMEOUT -> new Setup(keep.apply(FaultServer.notReading()), res, 0, 1);
            case READ_TIMEOUT_BEFORE_HEADERS -> new Setup(keep.apply(FaultServer.stallAfterRequest()), res, 0, 1);
            case READ_TIMEOUT_MID_BODY -> new Setup(keep.apply(FaultServer.headersThenStall(
                    "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst bytes")), res, 0, 1);
            case RST_BEFORE_RESPONSE -> new Setup(keep.apply(FaultServer.resetAfterRequest()), res, 0, 1);
            case EOF_BEFORE_RESPONSE -> new Setup(keep.apply(FaultServer.acceptThenClose()), res, 0, 1);
            case RST_MID_BODY -> new Setup(keep.apply(FaultServer.partialBody(100_000, 16_384, true)), res, 0, 1);
            case EOF_MID_CHUNKED_BODY -> new Setup(keep.apply(FaultServer.script(c -> {
                c.readRequest();
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                c.closeGracefully();
            })), res, 0, 1);
            case SHORT_BODY -> new Setup(keep.apply(FaultServer.partialBody(100, 40, false)), res, 0, 1);
            case BAD_STATUS_LINE -> new Setup(keep.apply(FaultServer.badStatusLine()), res, 0, 1);
            case BAD_HEADER -> new Setup(keep.apply(FaultServer.badHeader()), res, 0, 1);
            case HUGE_HEADER -> new Setup(keep.apply(FaultServer.hugeHeader(1024 * 1024)), res, 0, 1);
            case BAD_CHUNK -> new Setup(keep.apply(FaultServer.chunkedThenBadChunk()), res, 0, 1);
            case SSH_GREETING -> new Setup(keep.apply(FaultServer.sshGreeting()), res, 0, 1);
            case TLS_ON_PLAIN_HTTP -> new Setup(keep.apply(FaultServer.tlsServer()), res, 0, 1);
            case HTTP2_ONLY -> new Setup(keep.apply(FaultServer.http2Only()), res, 0, 1);
            case DNS_NXDOMAIN -> new Setup("http://app.invalid:3000", res, 0, 1);
            case DNS_TIMEOUT -> new Setup("http://no-answer.invalid:3000", res, 0, 1);
            case UNREACHABLE -> new Setup("http://255.255.255.255:80", res, 0, 1);
            case TLS_HANDSHAKE -> new Setup(keep.apply(FaultServer.plainHttpServer()).replace("http:", "https:"),
                    res, 0, 1);
            case NO_LIVE_UPSTREAM -> new Setup("http://127.0.0.1:" + FaultServer.deadPort(), res, 1, 2);
            case OVERLOADED -> new Setup(keep.apply(FaultServer.stallAfterRequest()) + "#hold", res, 0, 1);
        };
    }

    @ParameterizedTest
    @EnumSource(Situation.class)
    void situation_isClassifiedAlikeOnThePageInTheLogAndInTheReport(Situation s, @TempDir Path dir) throws Exception {
        Setup setup = setup(s);
        Path errorLog = dir.resolve("error.log");
        ErrorLog errors = ErrorLog.open(new LogConfig(errorLog.toString(), "json"));
        AccessLog access = AccessLog.open(new LogConfig("off", "json"));
        RecordingEvents events = new RecordingEvents(new LoggingEvents(access, errors));
        UpstreamServer parsed = UpstreamServer.parse(setup.serverUrl(), 1, false);
        UpstreamServer server = new UpstreamServer(parsed.url(), parsed.host(), parsed.port(), parsed.tls(), 1, false,
                setup.holdsSlot() ? 1 : 0);
        UpstreamConfig upstream = new UpstreamConfig("app", List.of(server),
                UpstreamConfig.Balance.ROUND_ROBIN, setup.holdsSlot() ? Timeouts.DEFAULT : FAST,
                UpstreamConfig.Keepalive.DEFAULT,
                new UpstreamConfig.PassiveHealth(setup.maxFails(), Duration.ofSeconds(30)), null,
                new UpstreamConfig.Retry(1, Duration.ofSeconds(10)));
        try (ProxyFixture proxy = ProxyFixture.builder().upstream(upstream).events(events)
                .limits(new dev.telltale.config.Limits(16 * 1024, 0, Duration.ofSeconds(10), Duration.ofSeconds(75),
                        100))
                .resolver(new ResolverConfig(List.of(new dev.telltale.config.ListenAddress("127.0.0.1",
                        dns.address().getPort())), Duration.ofMillis(300)))
                .start()) {
            RawHttp holder = null;
            if (setup.holdsSlot()) {
                holder = new RawHttp(proxy.port());
                holder.send("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n");
                FaultServer stall = (FaultServer) setup.resources().get(0);
                await().atMost(Duration.ofSeconds(5)).until(() -> stall.requestsReceived().size() == 1);
            }
            RawHttp.Response r = null;
            for (int i = 0; i < setup.requests(); i++) {
                r = exchange(proxy, s);
            }
            String requestId;
            if (s.afterHeaders) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.complete()).as("the client must see an incomplete response").isFalse();
                requestId = r.header("x-request-id");
            } else {
                assertThat(r.status()).isEqualTo(s == Situation.OVERLOADED ? 503 : 502);
                assertThat(r.header("proxy-status")).as(events.reports.toString())
                        .startsWith("telltale; error=" + s.proxyStatus);
                assertThat(r.header("cache-control")).isEqualTo("no-store");
                requestId = r.header("x-request-id");
                JsonNode page = new ObjectMapper().readTree(r.body());
                assertThat(r.header("content-type")).isEqualTo("application/problem+json");
                assertThat(page.get("cause").asText()).isEqualTo(s.cause);
                assertThat(page.get("proxy_status").asText()).isEqualTo(s.proxyStatus);
                assertThat(page.get("phase").asText()).isEqualTo(s.phase);
                assertThat(page.get("request_id").asText()).isEqualTo(requestId);
            }
            assertThat(requestId).isNotBlank();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.reports.stream()
                    .anyMatch(rep -> rep.requestId().equals(requestId)));
            Report report = events.reports.stream().filter(rep -> rep.requestId().equals(requestId)).findFirst()
                    .orElseThrow();
            assertThat(report.cause().wireName()).as(report.failure().toString()).isEqualTo(s.cause);
            assertThat(report.failure().proxyStatus().wireName()).isEqualTo(s.proxyStatus);
            assertThat(report.failure().phase().wireName()).isEqualTo(s.phase);
            assertThat(report.headersSent()).isEqualTo(s.afterHeaders);

            assertThat(proxy.proxy().metrics().failuresByCause()).containsKey(s.cause);
            if (holder != null) {
                holder.close();
            }
            errors.close();
            JsonNode line = lastLineFor(errorLog, requestId);
            assertThat(line.get("event").asText()).isEqualTo("upstream_error");
            assertThat(line.get("cause").asText()).isEqualTo(s.cause);
            assertThat(line.get("proxy_status").asText()).isEqualTo(s.proxyStatus);
            assertThat(line.get("phase").asText()).isEqualTo(s.phase);
        } finally {
            errors.close();
            access.close();
            for (AutoCloseable c : setup.resources()) {
                c.close();
            }
        }
    }

    private static RawHttp.Response exchange(ProxyFixture proxy, Situation s) throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            if (s == Situation.SEND_TIMEOUT) {
                // A body far larger than the socket buffers, to an upstream that never reads it.
                c.send("PUT /big HTTP/1.1\r\nHost: a\r\nAccept: application/problem+json\r\nContent-Length: "
                        + (64 << 20) + "\r\n\r\n");
                OutputStream out = c.socket().getOutputStream();
                CompletableFuture.runAsync(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        for (int i = 0; i < 1024; i++) {
                            out.write(chunk);
                        }
                    } catch (Exception expected) {
                        // the proxy answered and closed the connection
                    }
                });
            } else {
                c.send("GET /x HTTP/1.1\r\nHost: a\r\nAccept: application/problem+json\r\n\r\n");
            }
            return c.read();
        }
    }

    private static JsonNode lastLineFor(Path log, String requestId) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode found = null;
        for (String l : Files.readAllLines(log)) {
            JsonNode n = json.readTree(l);
            if (n.path("request_id").asText().equals(requestId)) {
                found = n;
            }
        }
        assertThat(found).as("an upstream_error line for " + requestId).isNotNull();
        return found;
    }
}
