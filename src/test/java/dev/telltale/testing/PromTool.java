package dev.telltale.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Prometheus' own parser and linter for the text exposition format: {@code promtool check metrics}
 * (Debian package {@code prometheus}). Absent locally, tests using it are skipped; absent on CI
 * ({@code CI=true}), they fail.
 */
public final class PromTool {
    private PromTool() {
    }

    /** The result of one check: the exit code (0 = parsed and lint-clean) and what promtool said. */
    public record Check(int exitCode, String output) {
    }

    /** Runs {@code promtool check metrics} on the text; skips or fails the test when promtool is absent. */
    public static Check checkMetrics(String exposition) throws IOException, InterruptedException {
        Path promtool = find().orElse(null);
        if (promtool == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool not found on PATH (install the Debian package 'prometheus')");
            }
            assumeTrue(false, "promtool not installed (Debian package 'prometheus')");
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish");
        }
        return new Check(p.exitValue(), out);
    }

    private static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
