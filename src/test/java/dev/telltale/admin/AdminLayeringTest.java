package dev.telltale.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** STYLE.md's layering for the two packages of this piece: imports only flow downward. */
class AdminLayeringTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.telltale\\.(\\w+)\\.",
            Pattern.MULTILINE);

    @ParameterizedTest
    @CsvSource({"metrics,''", "admin,config diagnose metrics"})
    void packageImports_onlyAllowedTelltalePackages(String pkg, String allowed) throws IOException {
        Set<String> ok = Set.of(allowed.isBlank() ? new String[0] : allowed.split(" "));
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/telltale", pkg))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path f : sources) {
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                assertThat(ok).as(f + " imports dev.telltale." + m.group(1)).contains(m.group(1));
            }
        }
    }
}
