package dev.telltale.diagnose;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the failures of one server share in a 502 storm (hints, the refused failure, the text
 * page's fixed lines): shared only where the inputs are the same, never a neighbour's values.
 */
class SharedFailurePartsTest {
    private static final String ADDRESS = "127.0.0.1:3000";
    private final ProblemRenderer renderer = new ProblemRenderer();

    private static Report report(String id, long elapsedMs, List<ServerState> servers) {
        UpstreamFailure f = FailureClassifier.classify(new ConnectException("Connection refused"), Phase.CONNECT,
                ADDRESS);
        Timing timing = new Timing(elapsedMs, null, null, null);
        List<Attempt> attempts = List.of(new Attempt("http://127.0.0.1:3000", ADDRESS, f, elapsedMs - 1, null, false));
        List<ConfigFact> config = List.of(new ConfigFact("upstreams.app.timeouts.connect", "5s", null));
        return new Report(id, Instant.parse("2024-05-04T10:15:30Z"), "127.0.0.1", "GET", "/" + id, "h", f, 502,
                "/", "app", "http://127.0.0.1:3000", ADDRESS, timing, attempts,
                Hints.of(f, ADDRESS, null, Hints.Observations.NONE), config, false, servers);
    }

    private static ServerState up(int refused) {
        return new ServerState("http://127.0.0.1:3000", true, null, null, null, null, Map.of(Cause.REFUSED, refused));
    }

    private String text(Report r) {
        return new String(renderer.render(r, DetailPolicy.View.FULL, Format.TEXT).body(), StandardCharsets.UTF_8);
    }

    @Test
    void refusedFailures_ofOneAddress_areOneValue_ofAnotherTheirOwn() {
        UpstreamFailure a = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT, ADDRESS);
        UpstreamFailure again = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT,
                new String(ADDRESS));
        UpstreamFailure other = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT,
                "127.0.0.1:3001");

        assertThat(again).isSameAs(a);
        assertThat(other.message()).isEqualTo("connect() to 127.0.0.1:3001 failed (111: Connection refused)");
        assertThat(a.message()).isEqualTo("connect() to 127.0.0.1:3000 failed (111: Connection refused)");
    }

    @Test
    void classify_aWrappedNativeStyleChain_findsTheCauseInOneWalk() {
        IOException wrapped = new IOException("outer", new java.util.concurrent.CompletionException(
                new java.net.UnknownHostException("nowhere.test")));
        UpstreamFailure f = FailureClassifier.classify(
                new java.util.concurrent.CompletionException(new java.net.UnknownHostException("nowhere.test")),
                Phase.RESOLVE, "nowhere.test:80");

        assertThat(f.cause()).isEqualTo(Cause.DNS);
        assertThat(FailureClassifier.classify(wrapped, Phase.CONNECT, "a:1").cause())
                .as("only CompletionException/DecoderException are unwrapped").isEqualTo(Cause.UNREACHABLE);
    }

    @Test
    void hints_sameInputs_areOneList_otherAddressesGetTheirOwn() {
        UpstreamFailure f = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT, ADDRESS);
        List<String> first = Hints.of(f, ADDRESS, null, Hints.Observations.NONE);
        Hints.Observations seen = new Hints.Observations(false, "[::1]:3000");

        assertThat(Hints.of(f, new String(ADDRESS), null, Hints.Observations.NONE)).isSameAs(first);
        assertThat(Hints.of(f, ADDRESS, null, seen)).isNotEqualTo(first)
                .anySatisfy(h -> assertThat(h).contains("[::1]:3000"));
        UpstreamFailure g = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT, "127.0.0.9:81");
        assertThat(Hints.of(g, "127.0.0.9:81", null, Hints.Observations.NONE).get(0))
                .isEqualTo("Nothing is listening on 127.0.0.9:81. Is the app running? ss -ltnp 'sport = :81'");
    }

    @Test
    void textPage_ofAStormsSecondFailure_showsItsOwnIdTimingAndAttempt() {
        String first = text(report("req-1", 3, List.of(up(2))));
        String second = text(report("req-2", 250, List.of(up(2))));

        assertThat(first).contains("request_id:   req-1\n", "request:      GET h/req-1\n", "total 3 ms",
                "1. 127.0.0.1:3000  refused  2 ms\n");
        assertThat(second).contains("request_id:   req-2\n", "request:      GET h/req-2\n", "total 250 ms",
                "1. 127.0.0.1:3000  refused  249 ms\n").doesNotContain("req-1");
        assertThat(second.replace("req-2", "req-1").replace("250 ms", "3 ms").replace("249 ms", "2 ms"))
                .as("nothing else differs").isEqualTo(first);
    }

    @Test
    void textPage_serverStateChangedBetweenTwoFailures_showsTheNewState() {
        String before = text(report("req-1", 3, List.of(up(2))));
        ServerState down = new ServerState("http://127.0.0.1:3000", false, Cause.REFUSED, 1500L, 8500L, null,
                Map.of(Cause.REFUSED, 3));
        String after = text(report("req-2", 3, List.of(down)));

        assertThat(before).contains("server:       http://127.0.0.1:3000  up  2 refused in the last 60 s");
        assertThat(after).contains("server:       http://127.0.0.1:3000  down  down (refused) since 1 s, "
                + "retried in 8 s; 3 refused in the last 60 s").doesNotContain("  up  ");
    }

    @Test
    void textPage_sharedParts_renderAsAFreshReportWithEqualValues() {
        Report shared = report("req-3", 7, List.of(up(5)));
        text(shared); // fills the cache with this report's parts
        Report fresh = new Report(new String("req-3"), shared.at(), "127.0.0.1", "GET", "/req-3", "h",
                new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT, "ECONNREFUSED",
                        "connect() to 127.0.0.1:3000 failed (111: Connection refused)", null, null, null, null),
                502, "/", "app", "http://127.0.0.1:3000", new String(ADDRESS), shared.timing(), shared.attempts(),
                List.copyOf(new java.util.ArrayList<>(shared.hints())), List.of(shared.config().get(0)), false,
                List.of(up(5)));

        assertThat(text(fresh)).isEqualTo(text(shared));
    }

    @ParameterizedTest
    @EnumSource(DetailPolicy.View.class)
    void renderBody_isTheRenderedBytes_inEveryFormat(DetailPolicy.View view) {
        Report r = SampleReports.hostile(Cause.REFUSED);
        for (Format format : Format.values()) {
            ByteBuf body = renderer.renderBody(r, view, format, UnpooledByteBufAllocator.DEFAULT);
            try {
                assertThat(ByteBufUtil.getBytes(body)).as(format.name())
                        .isEqualTo(renderer.render(r, view, format).body());
                assertThat(ProblemRenderer.contentType(format)).isEqualTo(renderer.render(r, view, format).contentType());
            } finally {
                body.release();
            }
        }
    }

    @Test
    void proxyStatusHeader_ofTwoFailures_namesEachOnesDetails() {
        Report a = report("req-1", 3, List.of());
        UpstreamFailure other = FailureClassifier.classify(new ConnectException("refused"), Phase.CONNECT,
                "127.0.0.1:3001");
        Report b = new Report("req-2", a.at(), a.client(), a.method(), a.uri(), a.host(), other, 502, a.route(),
                a.upstreamName(), a.server(), "127.0.0.1:3001", a.timing(), a.attempts(), a.hints(), a.config(), false);

        assertThat(renderer.proxyStatusHeader(a, DetailPolicy.View.FULL)).isEqualTo(
                "telltale; error=connection_refused; details=\"connect() to 127.0.0.1:3000 failed (111: Connection refused)\"");
        assertThat(renderer.proxyStatusHeader(b, DetailPolicy.View.FULL)).contains("127.0.0.1:3001");
        assertThat(renderer.proxyStatusHeader(b, DetailPolicy.View.SAFE)).isEqualTo("telltale; error=connection_refused");
    }
}
