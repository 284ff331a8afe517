package dev.telltale.diagnose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | HTML",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8                      | HTML",
            "application/xhtml+xml                                                                  | HTML",
            "*/*                                                                                    | TEXT",
            "text/plain                                                                             | TEXT",
            "application/json                                                                       | JSON",
            "application/problem+json                                                               | JSON",
            "APPLICATION/JSON; charset=utf-8                                                        | JSON",
            "application/vnd.api+json                                                               | JSON",
            "*/json                                                                                 | JSON",
            "application/json, text/plain, */*                                                      | JSON",
            "text/html;q=0.5, application/json                                                      | JSON",
            "application/json;q=0.5, text/html                                                      | HTML",
            "application/json;q=0, text/html;q=0                                                    | TEXT",
            "application/json;q=0.0                                                                 | TEXT",
            "text/html;q=0                                                                          | TEXT",
            "text/plain, application/json;q=0.9                                                     | TEXT",
            "application/json;q=1.0, text/html;q=0.999                                              | JSON",
            "text/html ; q = 0.4 , application/json ; q=0.3                                         | HTML",
            "image/png                                                                              | TEXT",
            "application/json;q=bogus, text/html;q=0.1                                              | HTML",
            "+json                                                                                  | TEXT",
            "'  ,  ,'                                                                               | TEXT",
    })
    void fromAccept_picksByTypeAndQuality(String accept, Format expected) {
        assertThat(Format.fromAccept(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void fromAccept_absentMeansText(String accept) {
        assertThat(Format.fromAccept(accept)).isEqualTo(Format.TEXT);
    }
}
