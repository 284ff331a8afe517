package dev.telltale.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTest {
    @ParameterizedTest
    @CsvSource({"bytes=0-0, 0, 0", "bytes=2-5, 2, 5", "bytes=5-, 5, 9", "bytes=-3, 7, 9", "bytes=-30, 0, 9",
        "bytes=8-100, 8, 9", "BYTES=1-1, 1, 1"})
    void satisfiable_givesTheRange(String header, long first, long last) {
        assertThat(ByteRange.parse(header, 10)).isEqualTo(new ByteRange(first, last));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=10-", "bytes=5-2", "bytes=-0", "bytes=x-1", "bytes=", "bytes=1"})
    void unsatisfiableOrInvalid_is416(String header) {
        assertThat(ByteRange.parse(header, 10)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-1", "bytes=0-1,3-4"})
    void otherUnitsAndSeveralRanges_areTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 10)).isNull();
    }
}
