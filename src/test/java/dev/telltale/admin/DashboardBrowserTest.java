package dev.telltale.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.AdminConfig;
import dev.telltale.config.ListenAddress;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Report;
import dev.telltale.proxy.ExchangeEvents;
import dev.telltale.proxy.ExchangeView;
import dev.telltale.testing.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The dashboard as a real browser (headless Chromium) renders it, fed by a real refused request. */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path profile;

    @Test
    void refusedRequest_appearsInFeed_andItsLinkOpensTheReport() throws Exception {
        requireChromium();
        InMemorySources sources = new InMemorySources();
        ExchangeEvents events = new ExchangeEvents() {
            @Override
            public void attemptFailed(ExchangeView exchange, Attempt attempt, int number) {
            }

            @Override
            public void reported(Report report) {
                sources.add(report);
            }

            @Override
            public void completed(ExchangeView exchange) {
            }
        };
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("app", "http://127.0.0.1:" + deadPort())
                .events(events).start();
             AdminServer admin = AdminServer.start(new AdminConfig(new ListenAddress("127.0.0.1", 0), null),
                     sources)) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(proxy.uri("/provoked")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(502);
            String id = refused.headers().firstValue("X-Request-Id").orElseThrow();
            await().until(() -> sources.report(id).isPresent());

            String base = "http://127.0.0.1:" + admin.port();
            String dashboard = dumpDom(base + "/");
            Matcher row = Pattern.compile("<tr class=\"failure\">(.*?)</tr>", Pattern.DOTALL).matcher(dashboard);
            assertThat(row.find()).as(dashboard).isTrue();
            assertThat(row.group(1)).contains(id).contains("refused").contains("/provoked").contains("502");
            Matcher href = Pattern.compile("<a href=\"([^\"]+)\">").matcher(row.group(1));
            assertThat(href.find()).isTrue();
            assertThat(href.group(1)).isEqualTo("/reports/" + id);

            String reportDom = dumpDom(URI.create(base + "/").resolve(href.group(1)).toString());
            Matcher pre = Pattern.compile("<pre[^>]*>(.*?)</pre>", Pattern.DOTALL).matcher(reportDom);
            assertThat(pre.find()).as(reportDom).isTrue();
            JsonNode report = new ObjectMapper().readTree(pre.group(1)
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            assertThat(report.get("request_id").asText()).isEqualTo(id);
            assertThat(report.get("cause").asText()).isEqualTo("refused");
            assertThat(report.get("uri").asText()).isEqualTo("/provoked");
        }
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        Path userData = Files.createTempDirectory(profile, "chromium");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + userData, "--dump-dom", url))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish loading " + url);
        }
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }

    /** A port nothing listens on: bound, then closed, so connecting is refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("chromium not found at " + CHROMIUM + " (.ci/run installs the Debian package chromium)");
            }
            assumeTrue(false, "chromium not installed");
        }
    }
}
