package dev.telltale.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dropwizard registry → Prometheus text, through the Prometheus Java client's data model and its
 * maintained text writer (escaping, number formatting, {@code _total} suffixes are its job).
 *
 * <p>Why not the client's own {@code prometheus-metrics-instrumentation-dropwizard} bridge: it
 * emits one metric family per Dropwizard metric, so two series of one family with different
 * labels (what its {@code CustomLabelMapper} is for) make the scrape throw "duplicate metric name"
 * (prometheus/client_java#1712, still so in 1.4.3), and its glob mapping splits on dots, which
 * server URLs contain. Here every Dropwizard metric carries its {@link MetricId}, so series are
 * grouped into families without parsing names. Latency windows are exported as summaries in
 * seconds (quantiles over the window, count since start), as the bridge exports timers.
 */
final class PrometheusExport {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final double MICROS_PER_SECOND = 1e6;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private PrometheusExport() {
    }

    static void write(MetricRegistry registry, Map<String, MetricId> ids, OutputStream out) throws IOException {
        Map<MetricNames.Family, List<Map.Entry<MetricId, Metric>>> byFamily = new LinkedHashMap<>();
        for (MetricNames.Family f : MetricNames.ALL) {
            byFamily.put(f, new ArrayList<>());
        }
        Map<String, Metric> metrics = registry.getMetrics();
        ids.forEach((name, id) -> {
            Metric m = metrics.get(name);
            if (m != null) {
                byFamily.get(id.family()).add(Map.entry(id, m));
            }
        });
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        byFamily.forEach((family, series) -> {
            if (!series.isEmpty()) {
                snapshots.metricSnapshot(snapshot(family, series));
            }
        });
        WRITER.write(out, snapshots.build());
    }

    private static MetricSnapshot snapshot(MetricNames.Family family, List<Map.Entry<MetricId, Metric>> series) {
        switch (family.type()) {
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(family.name()).help(family.help());
                for (var e : series) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels(e.getKey())).value(((Counter) e.getValue()).getCount()).build());
                }
                return b.build();
            }
            case GAUGE -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family.name()).help(family.help());
                for (var e : series) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels(e.getKey())).value(gaugeValue(e.getValue())).build());
                }
                return b.build();
            }
            case SUMMARY -> {
                SummarySnapshot.Builder b = SummarySnapshot.builder().name(family.name()).help(family.help());
                for (var e : series) {
                    LatencyWindow.Summary s = ((LatencyWindow) e.getValue()).summary();
                    b.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                            .labels(labels(e.getKey()))
                            .quantiles(Quantiles.builder()
                                    .quantile(0.5, s.p50Us() / MICROS_PER_SECOND)
                                    .quantile(0.9, s.p90Us() / MICROS_PER_SECOND)
                                    .quantile(0.99, s.p99Us() / MICROS_PER_SECOND)
                                    .build())
                            .count(s.count())
                            .build());
                }
                return b.build();
            }
        }
        throw new IllegalStateException(family.name());
    }

    private static double gaugeValue(Metric m) {
        Object v = m instanceof Gauge<?> g ? g.getValue() : null;
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        // Dropwizard counters that go up and down (active connections) are gauges here.
        return m instanceof Counter c ? c.getCount() : Double.NaN;
    }

    private static Labels labels(MetricId id) {
        return id.labelValues().isEmpty() ? Labels.EMPTY : Labels.of(id.family().labels(), id.labelValues());
    }
}
