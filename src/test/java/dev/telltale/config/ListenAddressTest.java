package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1:8080, 127.0.0.1, 8080", "localhost:80, localhost, 80", "'[::]:8080', ::, 8080",
            "'[::1]:0', ::1, 0", "0.0.0.0:65535, 0.0.0.0, 65535", "'[fe80::1%eth0]:9000', fe80::1%eth0, 9000"})
    void validText_parses(String text, String host, int port) {
        ListenAddress a = ListenAddress.parse(text);

        assertThat(a.host()).isEqualTo(host);
        assertThat(a.port()).isEqualTo(port);
    }

    @Test
    void toString_bracketsIpv6AndRoundTrips() {
        assertThat(ListenAddress.parse("[::1]:8080")).hasToString("[::1]:8080");
        assertThat(ListenAddress.parse("127.0.0.1:8080")).hasToString("127.0.0.1:8080");
        assertThat(ListenAddress.parse(ListenAddress.parse("[::]:1").toString())).isEqualTo(new ListenAddress("::", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", ":8080", "127.0.0.1:", "127.0.0.1:http", "::1:8080", "[::1]8080", "[]:80"})
    void invalidText_isRejectedNamingTheText(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: ");
    }

    @Test
    void portOutOfRange_isRejected() {
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:65536")).hasMessage("port: 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:-1")).hasMessage("port: -1 (expected: 0..65535)");
    }
}
