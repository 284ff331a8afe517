package dev.telltale.metrics;

import dev.telltale.diagnose.Cause;
import dev.telltale.testing.PromTool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.telltale.metrics.MetricNames.DOWNSTREAM_CX;
import static dev.telltale.metrics.MetricNames.DOWNSTREAM_CX_ACTIVE;
import static dev.telltale.metrics.MetricNames.DOWNSTREAM_RQ;
import static dev.telltale.metrics.MetricNames.DOWNSTREAM_RQ_ACTIVE;
import static dev.telltale.metrics.MetricNames.DOWNSTREAM_RQ_TIME;
import static dev.telltale.metrics.MetricNames.UPSTREAM_CX_CONNECT;
import static dev.telltale.metrics.MetricNames.UPSTREAM_CX_HEALTHY;
import static dev.telltale.metrics.MetricNames.UPSTREAM_CX_POOL_IDLE;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ_FAILURE;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ_RETRY;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

class ProxyMetricsTest {
    static final String A = "http://127.0.0.1:3000";
    static final String B = "http://127.0.0.1:3001";
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Two successes, then one failed attempt per cause on server A, each retried on B and answered. */
    static ProxyMetrics scripted() {
        ProxyMetrics m = new ProxyMetrics();
        m.downstreamConnectionOpened();
        m.downstreamConnectionOpened();
        m.downstreamConnectionClosed();
        for (int i = 0; i < 2; i++) {
            m.requestStarted();
            m.upstream("app").server(A).attempt();
            m.upstream("app").server(A).connected(2 * MS);
            m.upstream("app").server(A).firstByte(10 * MS);
            m.requestCompleted(200, 20 * MS, m.upstream("app"));
        }
        for (Cause c : Cause.values()) {
            m.requestStarted();
            m.upstream("app").server(A).attempt();
            m.upstream("app").server(A).failure(c.wireName());
            m.upstream("app").retry();
            m.upstream("app").server(B).attempt();
            m.requestCompleted(502, 100 * MS, m.upstream("app"));
        }
        m.requestStarted();
        m.requestCompleted(404, MS);
        return m;
    }

    @Test
    void scriptedMix_countsEveryCauseOnce() {
        ProxyMetrics m = scripted();
        int causes = Cause.values().length;

        assertThat(m.value(DOWNSTREAM_CX)).isEqualTo(2);
        assertThat(m.value(DOWNSTREAM_CX_ACTIVE)).isEqualTo(1);
        assertThat(m.value(DOWNSTREAM_RQ_ACTIVE)).isZero();
        assertThat(m.value(DOWNSTREAM_RQ, "2xx")).isEqualTo(2);
        assertThat(m.value(DOWNSTREAM_RQ, "4xx")).isEqualTo(1);
        assertThat(m.value(DOWNSTREAM_RQ, "5xx")).isEqualTo(causes);
        assertThat(m.value(UPSTREAM_RQ, "app", A)).isEqualTo(2 + causes);
        assertThat(m.value(UPSTREAM_RQ, "app", B)).isEqualTo(causes);
        assertThat(m.value(UPSTREAM_RQ_RETRY, "app")).isEqualTo(causes);
        for (Cause c : Cause.values()) {
            assertThat(m.value(UPSTREAM_RQ_FAILURE, "app", A, c.wireName())).as(c.wireName()).isEqualTo(1);
            assertThat(m.value(UPSTREAM_RQ_FAILURE, "app", B, c.wireName())).isZero();
        }
        assertThat(m.failuresByCause()).hasSize(causes).containsEntry("refused", 1L);
        assertThat(m.failuresByCause("other")).isEmpty();
    }

    @Test
    void latencies_arePercentilesInMilliseconds() {
        ProxyMetrics m = scripted();
        Latency connect = m.latency(UPSTREAM_CX_CONNECT, "app", A);
        assertThat(connect.count()).isEqualTo(2);
        assertThat(connect.p50Ms()).isCloseTo(2.0, withinPercentage(LatencyWindowTest.PRECISION_PERCENT));
        Latency all = m.latency(DOWNSTREAM_RQ_TIME);
        assertThat(all.count()).isEqualTo(2 + Cause.values().length + 1);
        // Within the histogram's precision (LatencyWindow: 2 significant digits, at most 1/128 high).
        assertThat(all.p50Ms()).isCloseTo(100.0, withinPercentage(LatencyWindowTest.PRECISION_PERCENT));
        assertThat(all.maxMs()).isCloseTo(100.0, withinPercentage(LatencyWindowTest.PRECISION_PERCENT));
        assertThat(m.latency(UPSTREAM_CX_CONNECT, "app", B)).isEqualTo(Latency.NONE);
    }

    @Test
    void gauges_areReadAtExportAndReplacedOnReRegistration() {
        ProxyMetrics m = new ProxyMetrics();
        AtomicLong idle = new AtomicLong(3);
        m.serverGauges("app", A, () -> false, idle::get, () -> 1);
        idle.set(5);
        assertThat(m.value(UPSTREAM_CX_POOL_IDLE, "app", A)).isEqualTo(5);
        assertThat(m.value(UPSTREAM_CX_HEALTHY, "app", A)).isZero();
        m.serverGauges("app", A, () -> true, () -> 7, () -> 0);
        assertThat(m.value(UPSTREAM_CX_POOL_IDLE, "app", A)).isEqualTo(7);
        assertThat(m.value(UPSTREAM_CX_HEALTHY, "app", A)).isEqualTo(1);
    }

    @Test
    void gaugeWithUndeclaredNameOrLabels_isRefused() {
        ProxyMetrics m = new ProxyMetrics();
        assertThatThrownBy(() -> m.gauge("pool_size", Map.of(), () -> 1))
                .hasMessageContaining("pool_size (expected: a name declared in MetricNames)");
        assertThatThrownBy(() -> m.gauge(UPSTREAM_CX_POOL_IDLE.name(), Map.of("upstream", "app"), () -> 1))
                .hasMessageContaining("expected: [upstream, server]");
        assertThatThrownBy(() -> m.gauge(UPSTREAM_RQ.name(), Map.of("upstream", "app", "server", A), () -> 1))
                .hasMessageContaining("expected: a gauge");
    }

    @Test
    void removeUpstream_dropsItsSeriesOnly() throws Exception {
        ProxyMetrics m = scripted();
        m.upstream("api").server(B).attempt();
        m.removeUpstream("app");
        String text = prometheus(m);
        assertThat(text).doesNotContain("upstream=\"app\"").contains("upstream_rq_total{server=\"" + B
                + "\",upstream=\"api\"} 1.0");
        m.upstream("app").server(A).failure("refused");
        assertThat(m.value(UPSTREAM_RQ_FAILURE, "app", A, "refused")).isEqualTo(1);
    }

    @Test
    void recorders_areResolvedOncePerNameAndRecordIntoTheNamedSeries() {
        ProxyMetrics m = new ProxyMetrics();
        UpstreamRecorder app = m.upstream("app");
        assertThat(m.upstream("app")).isSameAs(app);
        assertThat(app.server(A)).isSameAs(app.server(A)).isNotSameAs(app.server(B));

        app.server(A).attempt();
        app.server(A).failure("refused");
        app.failure("no_live_upstream");
        app.retry();
        m.requestCompleted(502, 3 * MS, app);

        assertThat(m.value(UPSTREAM_RQ, "app", A)).isEqualTo(1);
        assertThat(m.value(UPSTREAM_RQ_FAILURE, "app", A, "refused")).isEqualTo(1);
        assertThat(m.value(UPSTREAM_RQ_FAILURE, "app", UpstreamRecorder.NO_SERVER, "no_live_upstream")).isEqualTo(1);
        assertThat(m.value(UPSTREAM_RQ_RETRY, "app")).isEqualTo(1);
        assertThat(m.latency(UPSTREAM_RQ_TIME, "app").count()).isEqualTo(1);
        assertThat(m.latency(DOWNSTREAM_RQ_TIME).count()).isEqualTo(1);
    }

    @Test
    void retiredUpstreamRecorders_recordNowhereAndBringNoSeriesBack() throws Exception {
        ProxyMetrics m = new ProxyMetrics();
        UpstreamRecorder old = m.upstream("app");
        ServerRecorder oldA = old.server(A);
        oldA.attempt();
        m.removeUpstream("app");

        oldA.attempt();
        oldA.failure("timeout"); // a cause never seen before: its counter is made now
        oldA.firstByte(MS);
        old.server(B).attempt(); // a server never seen before
        old.failure("no_live_upstream");
        old.retry();
        m.requestCompleted(200, MS, old);

        assertThat(prometheus(m)).doesNotContain("upstream=\"app\"");
        assertThat(m.failuresByCause()).isEmpty();
        UpstreamRecorder fresh = m.upstream("app");
        assertThat(fresh).isNotSameAs(old);
        fresh.server(A).attempt();
        assertThat(m.value(UPSTREAM_RQ, "app", A)).isEqualTo(1);
    }

    @Test
    void removeServer_dropsThatServersSeriesAndKeepsTheOthersCounting() throws Exception {
        ProxyMetrics m = new ProxyMetrics();
        UpstreamRecorder app = m.upstream("app");
        ServerRecorder a = app.server(A);
        ServerRecorder b = app.server(B);
        m.serverGauges("app", A, () -> true, () -> 0, () -> 0);
        m.serverGauges("app", B, () -> true, () -> 0, () -> 0);
        a.attempt();
        a.failure("refused");
        b.attempt();
        app.retry();

        m.removeServer("app", A);
        a.attempt();
        a.failure("reset");
        b.attempt();

        String text = prometheus(m);
        assertThat(text).doesNotContain("server=\"" + A + "\"")
                .contains("upstream_rq_total{server=\"" + B + "\",upstream=\"app\"} 2.0")
                .contains("upstream_cx_healthy{server=\"" + B + "\",upstream=\"app\"} 1.0")
                .contains("upstream_rq_retry_total{upstream=\"app\"} 1.0");
        assertThat(m.failuresByCause("app")).isEmpty();
        assertThat(app.server(A)).as("a server added back starts afresh").isNotSameAs(a);
    }

    @Test
    void prometheusText_labelsCausesAndUpstreams() throws Exception {
        String text = prometheus(scripted());
        assertThat(text)
                .contains("# TYPE upstream_rq_failure_total counter")
                .contains("upstream_rq_failure_total{cause=\"refused\",server=\"" + A + "\",upstream=\"app\"} 1.0")
                .contains("upstream_rq_failure_total{cause=\"no_live_upstream\",server=\"" + A
                        + "\",upstream=\"app\"} 1.0")
                .contains("downstream_rq_total{status_class=\"5xx\"} " + Cause.values().length + ".0")
                .contains("# TYPE upstream_cx_connect_seconds summary")
                .contains("upstream_cx_connect_seconds{server=\"" + A + "\",upstream=\"app\",quantile=\"0.5\"} 0.002")
                .contains("downstream_cx_active 1.0");
    }

    @Test
    void prometheusText_parsesAndLintsCleanWithPromtool() throws Exception {
        ProxyMetrics m = scripted();
        m.serverGauges("app", A, () -> true, () -> 2, () -> 1);
        m.upstream("odd \"name\"\\").server("http://[::1]:3000/a\nb").attempt();
        PromTool.Check check = PromTool.checkMetrics(prometheus(m));
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyFamily_isLintCleanEvenBeforeAnyTraffic() throws Exception {
        PromTool.Check check = PromTool.checkMetrics(prometheus(new ProxyMetrics()));
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    static String prometheus(ProxyMetrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
