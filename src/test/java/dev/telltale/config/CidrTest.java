package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.0/8, 127.255.0.1, true",
            "127.0.0.0/8, 128.0.0.1, false",
            "10.1.2.3/32, 10.1.2.3, true",
            "10.1.2.3/32, 10.1.2.4, false",
            "10.1.2.3, 10.1.2.3, true",
            "0.0.0.0/0, 203.0.113.9, true",
            "192.168.0.0/23, 192.168.1.255, true",
            "192.168.0.0/23, 192.168.2.0, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "::1/128, ::1, true",
            "::1/128, ::2, false",
            "::/0, 2001:db8::1, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "fe80::/10, febf::1, true",
            "fe80::/10, fec0::1, false",
            "fd00::/7, fc00::1, true",
    })
    void contains_matchesByPrefix(String cidr, String address, boolean expected) throws UnknownHostException {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void contains_neverMatchesAcrossFamilies() throws UnknownHostException {
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void withoutPrefix_isASingleAddress() {
        assertThat(Cidr.parse("10.0.0.1").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void equality_isByText() {
        assertThat(Cidr.parse("10.0.0.0/8")).isEqualTo(Cidr.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/9"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33 | 10.0.0.0/33 (expected: a prefix length 0..32)",
            "::1/129 | ::1/129 (expected: a prefix length 0..128)",
            "10.0.0.0/-1 | 10.0.0.0/-1 (expected: a prefix length 0..32)",
            "10.0.0.0/x | 10.0.0.0/x (expected: a prefix length after /)",
            "10.0.0.0/ | 10.0.0.0/ (expected: a prefix length after /)",
            "example.com/8 | example.com/8 (expected: an address block such as 10.0.0.0/8 or ::1/128)",
            "/8 | /8 (expected: an address block such as 10.0.0.0/8 or ::1/128)",
    })
    void invalidText_isRejectedWithTheExpectedForm(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256/8", "1.2.3/8", "10.1/16", "167772160/8", "::g/64", "fe80::1%eth0/64",
            "1password.com/8", "0x7f.0.0.1/8"})
    void malformedAddresses_areRejectedWithoutALookup(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(text + " (expected: ");
    }
}
