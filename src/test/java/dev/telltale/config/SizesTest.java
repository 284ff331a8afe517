package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({"512, 512", "0, 0", "16k, 16384", "16K, 16384", "10m, 10485760", "1g, 1073741824", " 2k , 2048"})
    void validText_parsesToBytesInPowersOf1024(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "k", "10MB", "1.5m", "-1", "10 k", "1t", "0x10", "1000000000000"})
    void invalidText_isRejectedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + " (expected: a size such as 512, 16k, 10m, 1g)");
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "16384, 16k", "10485760, 10m", "1073741824, 1g", "1536, 1536", "0, 0"})
    void format_roundTrips(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }
}
