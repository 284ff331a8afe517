package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code config/bad/NAME.yaml} must fail with exactly the lines in
 * {@code NAME.expected}. To re-record after an intended message change, run with
 * {@code -Dgolden.update=true} and review the diff.
 */
class ConfigGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/config/bad");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badConfig_failsWithExactlyTheExpectedErrors(String name) throws IOException {
        Path yaml = DIR.resolve(name);
        Path expected = DIR.resolve(name.replace(".yaml", ".expected"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(Files.readString(yaml), "bad/" + name));

        assertThat(e).as("%s must be rejected", name).isNotNull();
        String actual = ConfigLoader.describeErrors(e) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, actual);
        }
        assertThat(expected).as("golden file for %s", name).exists();
        assertThat(actual).isEqualTo(Files.readString(expected));
    }

    @Test
    void goldenCases_coverAtLeastTwelveSituations() throws IOException {
        List<String> names = cases().toList();

        assertThat(names).hasSizeGreaterThanOrEqualTo(12);
        assertThat(names).allSatisfy(n -> assertThat(DIR.resolve(n.replace(".yaml", ".expected"))).exists());
    }

    @Test
    void everyExpectedLine_isFileLineColumnMessage() throws IOException {
        for (String name : cases().toList()) {
            List<String> lines = Files.readAllLines(DIR.resolve(name.replace(".yaml", ".expected")));
            assertThat(lines).as(name).isNotEmpty()
                    .allMatch(l -> l.matches("bad/" + java.util.regex.Pattern.quote(name) + "(:\\d+:\\d+)?: \\S.*"));
        }
    }
}
