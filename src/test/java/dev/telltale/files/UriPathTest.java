package dev.telltale.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class UriPathTest {
    @ParameterizedTest
    @CsvSource({
        "/, /", "/a/b, /a/b", "/a//b, /a/b", "/a/./b, /a/b", "/a/b/.., /a/", "/a/%2e%2e/b, /b", "/a%2Fb, /a/b",
        "/caf%C3%A9, /café", "/a/?x=1, /a/", "http://h:1/p?q, /p", "/a/b/., /a/b/", "/%41, /A",
    })
    void normalise_decodesMergesAndResolves(String target, String expected) {
        assertThat(UriPath.normalise(target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../a", "/a/../../b", "/%2e%2e/x", "/a%00b", "/%zz", "/%C3", "*"})
    void normalise_refusesClimbingNulsAndBadEscapes(String target) {
        assertThat(UriPath.normalise(target)).isNull();
    }
}
