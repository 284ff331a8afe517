package dev.telltale.boot;

import dev.telltale.config.Config;
import dev.telltale.config.ConfigLoader;
import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RecordingEvents;
import dev.telltale.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ_TIME;
import static dev.telltale.metrics.MetricNames.UPSTREAM_RQ_TTFB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A reload's effect on the metric series: removed upstreams and servers go, kept ones go on counting. */
class MetricsReloadTest {
    private static final String CONFIG = """
            upstreams:
              app: { servers: [KEPT, DROPPED] }
              old: { servers: [OLD] }
            routes:
              - match: { path_prefix: /old/ }
                upstream: old
              - upstream: app
            """;
    private static final String RELOADED = """
            upstreams:
              app: { servers: [KEPT] }
            routes:
              - upstream: app
            """;

    private final TestApp kept = new TestApp();
    private final TestApp dropped = new TestApp();
    private final TestApp old = new TestApp();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        kept.close();
        dropped.close();
        old.close();
    }

    @Test
    void reloadRemovingAServerAndAnUpstream_dropsTheirSeriesWhileTheKeptServerGoesOnCounting() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.quietYaml(urls(CONFIG), new RecordingEvents())) {
            ProxyMetrics m = proxy.proxy().metrics();
            for (int i = 0; i < 4; i++) {
                assertThat(get(proxy, "/x")).isEqualTo(200); // round robin: two on each server
            }
            assertThat(get(proxy, "/old/x")).isEqualTo(200);
            assertThat(m.value(UPSTREAM_RQ, "app", kept.url())).isEqualTo(2);
            assertThat(m.value(UPSTREAM_RQ, "app", dropped.url())).isEqualTo(2);
            assertThat(prometheus(m)).contains("upstream=\"old\"").contains("server=\"" + dropped.url() + "\"");

            proxy.proxy().reload(config(RELOADED));
            for (int i = 0; i < 3; i++) {
                assertThat(get(proxy, "/x")).isEqualTo(200);
            }

            String text = prometheus(m);
            assertThat(text).doesNotContain("upstream=\"old\"")
                    .doesNotContain("server=\"" + dropped.url() + "\"")
                    .contains("upstream_cx_healthy{server=\"" + kept.url() + "\",upstream=\"app\"} 1.0");
            assertThat(m.value(UPSTREAM_RQ, "app", kept.url())).isEqualTo(2 + 3);
            assertThat(m.latency(UPSTREAM_RQ_TTFB, "app", kept.url()).count()).isEqualTo(2 + 3);
            // Recorded once the response is flushed, which the client may see first.
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(m.latency(UPSTREAM_RQ_TIME, "app").count()).isEqualTo(4 + 3));
            assertThat(dropped.requests("/x")).isEqualTo(2);
        }
    }

    private String urls(String yaml) {
        return yaml.replace("KEPT", kept.url()).replace("DROPPED", dropped.url()).replace("OLD", old.url());
    }

    private Config config(String yaml) throws Exception {
        return ConfigLoader.parse("server: { listen: [\"127.0.0.1:0\"], workers: 1 }\n"
                + "logs: { access: { target: \"off\" }, error: { target: \"off\" } }\n" + urls(yaml), "reloaded.yaml");
    }

    private int get(ProxyFixture proxy, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static String prometheus(ProxyMetrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writePrometheus(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
