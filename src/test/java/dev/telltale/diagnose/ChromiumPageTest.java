package dev.telltale.diagnose;

import dev.telltale.diagnose.DetailPolicy.View;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders the page in headless Chromium: the DOM a browser builds from it holds the headline and
 * the request id, and a screenshot can be taken. Skipped without {@code /usr/bin/chromium},
 * except on CI ({@code CI=true}) where a missing browser fails the test.
 */
class ChromiumPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @BeforeAll
    static void chromiumPresent() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(CHROMIUM + " is required on CI");
        }
        assumeTrue(present, CHROMIUM + " not installed");
    }

    @Test
    void refusedPage_rendersHeadlineAndRequestIdInTheBrowsersDom() throws Exception {
        Report report = SampleReports.of(Cause.REFUSED);
        Path page = write(report, View.FULL);

        String dom = run(page, "--dump-dom");

        assertThat(dom).contains(Html.escape(Headline.full(report)))
                .contains("<code id=\"rid\">" + SampleReports.REQUEST_ID + "</code>")
                .contains("Something accepts on [::1]:3000 (IPv6)");
    }

    @Test
    void hostilePage_hasNoElementInjectedByReflectedValues() throws Exception {
        Path page = write(SampleReports.hostile(Cause.MALFORMED), View.FULL);

        String dom = run(page, "--dump-dom");

        assertThat(dom).doesNotContain("<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(dom.split("<script", -1)).hasSize(2); // the page's own script only
    }

    @Test
    void refusedPage_screenshotIsAPng() throws Exception {
        Path page = write(SampleReports.of(Cause.REFUSED), View.FULL);
        Path png = dir.resolve("refused.png");

        run(page, "--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars");

        assertThat(png).exists();
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertThat(head).startsWith(0x89, 'P', 'N', 'G');
    }

    private Path write(Report report, View view) throws IOException {
        Path page = dir.resolve(report.cause().wireName() + "-" + view + ".html");
        Files.write(page, new ProblemRenderer().render(report, view, Format.HTML).body());
        return page;
    }

    /** Runs headless Chromium on the page and returns its stdout; the process tree is killed after. */
    private String run(Path page, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        cmd.addAll(List.of(args));
        cmd.add(page.toUri().toString());
        Path out = dir.resolve("stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
