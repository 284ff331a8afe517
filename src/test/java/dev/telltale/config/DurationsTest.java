package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "1m, 60000", "1h, 3600000", "0s, 0", " 75s , 75000",
            "999999999999ms, 999999999999"})
    void validText_parsesToMillis(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5", "5 s", "1.5s", "-5s", "5sec", "5S", "1d", "ms5", "1000000000000s"})
    void invalidText_isRejectedWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + " (expected: a duration such as 250ms, 5s, 1m, 1h)");
    }

    @ParameterizedTest
    @CsvSource({"1500, 1500ms", "5000, 5s", "120000, 2m", "7200000, 2h", "0, 0s", "90000, 90s"})
    void format_isTheShortestExactSpelling(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
