package dev.telltale.diagnose;

import dev.telltale.diagnose.DetailPolicy.View;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** In safe and off views nothing names an address, port, host, route, upstream, config key, file or upstream byte. */
class SafeViewLeakTest {
    private final ProblemRenderer renderer = new ProblemRenderer();

    static Stream<Arguments> cases() {
        return Arrays.stream(Cause.values()).flatMap(c -> Stream.of(View.SAFE, View.OFF).flatMap(v ->
                Arrays.stream(Format.values()).map(f -> Arguments.of(c, v, f))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void restrictedView_leaksNothingAboutTheUpstream(Cause cause, View view, Format format) {
        for (Report r : new Report[] {SampleReports.of(cause), SampleReports.hostile(cause)}) {
            String body = new String(renderer.render(r, view, format).body(), StandardCharsets.UTF_8);
            String header = renderer.proxyStatusHeader(r, view);
            for (String secret : SampleReports.secrets(r)) {
                assertThat(body).as("body").doesNotContain(secret);
                assertThat(header).as("Proxy-Status").doesNotContain(secret);
            }
            assertThat(body).contains(SampleReports.REQUEST_ID)
                    .doesNotContain("evil.test", "<script>alert", "onerror", "Set-Cookie", r.uri());
            assertThat(header).isEqualTo("telltale; error=" + r.failure().proxyStatus().wireName());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void secretsList_isMeaningful_fullViewShowsThem(Cause cause, View ignored, Format format) {
        // Guards the leak test against vacuity: the same secrets do appear in the full view.
        Report r = SampleReports.of(cause);
        String body = new String(renderer.render(r, View.FULL, format).body(), StandardCharsets.UTF_8);
        assertThat(body).contains(SampleReports.UPSTREAM);
        if (format != Format.JSON) {
            assertThat(body).contains(SampleReports.CONFIG_FILE);
        }
    }
}
