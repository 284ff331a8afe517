package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/telltale.yaml} documents every key with its default. These tests keep it honest:
 * it must configure exactly {@link Config#defaults()}, and it must mention every key the
 * {@link Schema} knows, optional ones commented out as {@code #key:} (no space after the hash,
 * which is what tells them apart from prose comments).
 */
class ReferenceConfigTest {
    private static final Path REFERENCE = Path.of("conf/telltale.yaml");
    /** A commented-out key or list item: "#" right before it, at the column it would have. */
    private static final Pattern COMMENTED_OUT = Pattern.compile("(?m)^(\\s*)#(?=[a-z_]+:|- )");

    @Test
    void reference_configuresExactlyTheDefaults() throws ConfigException {
        Config c = ConfigLoader.load(REFERENCE);

        ConfigLoaderTest.assertSameAsDefaults(c);
        assertThat(c.origins().file()).isEqualTo("conf/telltale.yaml");
    }

    @Test
    void reference_withOptionalKeysUncommented_isValid() throws IOException, ConfigException {
        Config c = ConfigLoader.parse(uncommented(), "uncommented telltale.yaml");

        assertThat(c.upstreams().get("app").healthCheck()).isNotNull();
        assertThat(c.admin().token()).isNotNull();
        assertThat(c.server().resolver().servers()).isNotEmpty();
    }

    @Test
    void reference_mentionsEveryKnownKey() throws IOException, ConfigException {
        Set<String> written = ConfigLoader.parse(uncommented(), "uncommented telltale.yaml").origins().lines().keySet();

        assertThat(Schema.knownKeys()).isNotEmpty().allSatisfy(key -> assertThat(written)
                .as("conf/telltale.yaml shows %s (commented out as #%s: when optional)", key,
                        key.substring(key.lastIndexOf('.') + 1))
                .anyMatch(w -> w.matches(Pattern.quote(key).replace("*", "\\E[^.]+\\Q"))));
    }

    @Test
    void uncommenting_onlyTouchesKeysNotProse() throws IOException {
        String text = Files.readString(REFERENCE);

        assertThat(uncommented()).isNotEqualTo(text);
        assertThat(uncommented()).contains("# Durations:", "# Telltale reference configuration.");
    }

    private static String uncommented() throws IOException {
        return COMMENTED_OUT.matcher(Files.readString(REFERENCE)).replaceAll("$1");
    }
}
