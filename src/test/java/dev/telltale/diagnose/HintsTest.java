package dev.telltale.diagnose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HintsTest {

    private static UpstreamFailure failure(Cause cause, ProxyStatus status, Phase phase) {
        return new UpstreamFailure(cause, status, phase, null, "m", null, null, null, null);
    }

    private static final UpstreamFailure REFUSED = failure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT);

    @Test
    void refused_namesTheAddressAndTheSsCommandForItsPort() {
        List<String> hints = Hints.of(REFUSED, "127.0.0.1:3000", null, Hints.Observations.NONE);
        assertThat(hints.get(0)).isEqualTo("Nothing is listening on 127.0.0.1:3000. Is the app running? ss -ltnp 'sport = :3000'");
        assertThat(hints).anyMatch(h -> h.contains("REJECT"));
    }

    @Test
    void refusedOnIpv4Loopback_whileIpv6LoopbackAccepts_saysTheAppListensOnTheOtherFamily() {
        List<String> hints = Hints.of(REFUSED, "127.0.0.1:3000", null, new Hints.Observations(true, "[::1]:3000"));
        assertThat(hints.get(0)).isEqualTo("Something accepts on [::1]:3000 (IPv6) but not on 127.0.0.1:3000 (IPv4): "
                + "the app listens on the other loopback family; point the upstream at http://[::1]:3000 or make the "
                + "app listen on both");
    }

    @Test
    void refusedOnIpv6Loopback_whileIpv4LoopbackAccepts_saysTheReverse() {
        List<String> hints = Hints.of(REFUSED, "[::1]:3000", null, new Hints.Observations(true, "127.0.0.1:3000"));
        assertThat(hints.get(0)).startsWith("Something accepts on 127.0.0.1:3000 (IPv4) but not on [::1]:3000 (IPv6)")
                .endsWith("point the upstream at http://127.0.0.1:3000 or make the app listen on both");
        assertThat(hints.get(1)).contains("ss -ltnp 'sport = :3000'");
    }

    @Test
    void refused_otherFamilyAlsoRefusing_saysSo_andNotProbedSaysNothing() {
        List<String> hints = Hints.of(REFUSED, "127.0.0.1:3000", null, new Hints.Observations(false, "[::1]:3000"));
        assertThat(hints.get(0)).as("the main hint leads").contains("ss -ltnp 'sport = :3000'");
        assertThat(hints.get(1)).startsWith("Nothing accepts on [::1]:3000 (IPv6) either");
        assertThat(Hints.of(REFUSED, "127.0.0.1:3000", null, Hints.Observations.NONE))
                .noneMatch(h -> h.contains("loopback family"));
    }

    @Test
    void refusedOnNonLoopback_ignoresTheLoopbackObservation() {
        assertThat(Hints.of(REFUSED, "10.0.0.5:3000", null, new Hints.Observations(true, "[::1]:3000")))
                .noneMatch(h -> h.contains("loopback"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tls   | The upstream speaks TLS: use https://127.0.0.1:8443 as the server URL.",
            "ssh   | An SSH server answered on 127.0.0.1:8443: wrong port.",
            "smtp  | A mail server (SMTP) answered on 127.0.0.1:8443: wrong port.",
            "http2 | HTTP/2 without HTTP/1.1 (an h2c prior-knowledge server)",
            "gopher| 127.0.0.1:8443 did not answer with HTTP/1.x: check the port points at the HTTP server, curl -v http://127.0.0.1:8443/",
    })
    void malformed_sniffedProtocol_comesFirst(String sniffed, String expected) {
        UpstreamFailure f = new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR, Phase.READ_HEADERS,
                null, "m", null, null, "x", sniffed);
        List<String> hints = Hints.of(f, "127.0.0.1:8443", null, Hints.Observations.NONE);
        assertThat(hints).hasSize(1);
        assertThat(hints.get(0)).contains(expected);
    }

    @Test
    void malformedTls_usesTheConfiguredHostName() {
        UpstreamFailure f = new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR, Phase.READ_HEADERS,
                null, "m", null, null, "x", "tls");
        assertThat(Hints.of(f, "10.0.0.7:443", "api.internal", Hints.Observations.NONE))
                .containsExactly("The upstream speaks TLS: use https://api.internal:443 as the server URL.");
    }

    @Test
    void malformedWithoutSniff_suggestsCurl() {
        List<String> hints = Hints.of(failure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR, Phase.READ_HEADERS),
                "127.0.0.1:3000", null, Hints.Observations.NONE);
        assertThat(hints).containsExactly("127.0.0.1:3000 did not answer with HTTP/1.x: check the port points at the "
                + "HTTP server, curl -v http://127.0.0.1:3000/");
    }

    @Test
    void connectTimeout_namesDropBacklogAndTheConfigKey() {
        UpstreamFailure f = new UpstreamFailure(Cause.TIMEOUT, ProxyStatus.CONNECTION_TIMEOUT, Phase.CONNECT, null, "m",
                5000L, "upstreams.app.timeouts.connect", null, null);
        List<String> hints = Hints.of(f, "10.0.0.5:8080", null, Hints.Observations.NONE);
        assertThat(String.join("\n", hints)).contains("within 5s", "DROP", "ss -ltn 'sport = :8080'",
                "Recv-Q >= Send-Q", "Raising upstreams.app.timeouts.connect only masks the problem");
    }

    @Test
    void readTimeoutBeforeHeaders_pointsAtTheAppsLogs() {
        UpstreamFailure f = new UpstreamFailure(Cause.TIMEOUT, ProxyStatus.CONNECTION_READ_TIMEOUT, Phase.READ_HEADERS,
                null, "m", 1500L, "routes.0.timeouts.read", null, null);
        assertThat(Hints.of(f, "127.0.0.1:3000", null, Hints.Observations.NONE).get(0))
                .contains("did not answer within 1500ms", "Check its logs");
    }

    @Test
    void reset_suggestsCrashOomAndKeepAliveMismatch() {
        List<String> hints = Hints.of(failure(Cause.RESET, ProxyStatus.CONNECTION_TERMINATED, Phase.READ_HEADERS),
                "127.0.0.1:3000", null, Hints.Observations.NONE);
        assertThat(String.join("\n", hints)).contains("crashed", "dmesg | grep -i -E 'killed process|oom'",
                "keepalive.idle_timeout");
    }

    @Test
    void dns_unreachable_tls_overloaded_giveTheirCommands() {
        assertThat(Hints.of(failure(Cause.DNS, ProxyStatus.DNS_ERROR, Phase.RESOLVE), "db.internal:5432", "db.internal",
                Hints.Observations.NONE).get(0)).isEqualTo("db.internal does not resolve: check with getent hosts db.internal");
        assertThat(Hints.of(failure(Cause.UNREACHABLE, ProxyStatus.DESTINATION_IP_UNROUTABLE, Phase.CONNECT),
                "[2001:db8::7]:80", null, Hints.Observations.NONE).get(0)).contains("ip route get 2001:db8::7");
        assertThat(Hints.of(failure(Cause.TLS, ProxyStatus.TLS_CERTIFICATE_ERROR, Phase.CONNECT), "10.0.0.7:443",
                "api.internal", Hints.Observations.NONE).get(0))
                .contains("openssl s_client -connect api.internal:443 -servername api.internal");
        assertThat(Hints.of(failure(Cause.OVERLOADED, ProxyStatus.PROXY_INTERNAL_ERROR, Phase.CONNECT), null, null,
                Hints.Observations.NONE)).singleElement().asString().contains("ulimit -n");
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void everyCause_hasHintsWithoutUnexpandedPlaceholders(Cause cause) {
        Report r = SampleReports.of(cause);
        assertThat(r.hints()).isNotEmpty().allSatisfy(h -> assertThat(h).doesNotContain("{", "}", "null", "PORT"));
    }
}
