package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
    private static final List<String> UPSTREAM_KEYS = List.copyOf(Schema.UPSTREAM.keys().keySet());

    @ParameterizedTest
    @CsvSource({"timeout, timeouts", "keepalve, keepalive", "Balance, balance", "retyr, retry",
            "health, health_check", "passive, passive_health", "server, servers"})
    void nearMiss_suggestsTheKey(String input, String expected) {
        assertThat(Suggestions.closest(input, UPSTREAM_KEYS)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"colour", "x", "ab", "weight", "zzzzzzzz"})
    void farMiss_suggestsNothing(String input) {
        assertThat(Suggestions.closest(input, UPSTREAM_KEYS)).isEmpty();
        assertThat(Suggestions.didYouMean(input, UPSTREAM_KEYS)).isEmpty();
    }

    @Test
    void ambiguousPrefix_suggestsNothing() {
        assertThat(Suggestions.closest("client", List.of("client_header_timeout", "client_idle_timeout"))).isEmpty();
    }

    @Test
    void didYouMean_readsAsAParenthesis() {
        assertThat(Suggestions.didYouMean("timeout", UPSTREAM_KEYS)).isEqualTo(" (did you mean 'timeouts'?)");
    }

    @Test
    void distance_isLevenshtein() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void oneOf_joinsWithCommasAndOr() {
        assertThat(Suggestions.oneOf(List.of("a"))).isEqualTo("a");
        assertThat(Suggestions.oneOf(List.of("a", "b"))).isEqualTo("a or b");
        assertThat(Suggestions.oneOf(List.of("a", "b", "c"))).isEqualTo("a, b or c");
    }
}
