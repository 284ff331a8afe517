package dev.telltale.diagnose;

import dev.telltale.config.Cidr;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.diagnose.DetailPolicy.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetailPolicyTest {

    private static DetailPolicy policy(DetailLevel level, String... trusted) {
        return new DetailPolicy(new DiagnosticsConfig(level, List.of(trusted).stream().map(Cidr::parse).toList(),
                502, 100, Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "full, 203.0.113.9, FULL",
            "full, 127.0.0.1, FULL",
            "off, 127.0.0.1, OFF",
            "off, 203.0.113.9, OFF",
            "safe, 127.0.0.1, FULL",
            "safe, 127.200.1.1, FULL",
            "safe, ::1, FULL",
            "safe, 10.1.2.3, FULL",
            "safe, 10.255.255.255, FULL",
            "safe, 11.0.0.1, SAFE",
            "safe, 203.0.113.9, SAFE",
            "safe, 2001:db8::1, SAFE",
            "safe, fd00:1::5, FULL",
            "safe, fd00:2::5, SAFE",
    })
    void viewFor_followsLevelAndTrustedBlocks(String level, String client, View expected) throws Exception {
        DetailPolicy p = policy(DetailLevel.valueOf(level.toUpperCase()), "127.0.0.0/8", "::1/128", "10.0.0.0/8",
                "fd00:1::/32");
        assertThat(p.viewFor(InetAddress.getByName(client))).isEqualTo(expected);
    }

    @Test
    void viewFor_matchesIpv4MappedIpv6AsIpv4() throws Exception {
        DetailPolicy p = policy(DetailLevel.SAFE, "127.0.0.0/8", "::1/128");
        byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        byte[] mappedPublic = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 203, 0, 113, 9};
        // Inet6Address.getByAddress keeps the 16-byte form, as a dual-stack socket may report it.
        InetAddress loopback = Inet6Address.getByAddress(null, mappedLoopback, -1);
        InetAddress outside = Inet6Address.getByAddress(null, mappedPublic, -1);
        assertThat(loopback.getAddress()).hasSize(16);
        assertThat(p.viewFor(loopback)).isEqualTo(View.FULL);
        assertThat(p.viewFor(outside)).isEqualTo(View.SAFE);
    }

    @Test
    void viewFor_unknownClientIsUntrusted() {
        assertThat(policy(DetailLevel.SAFE, "0.0.0.0/0").viewFor(null)).isEqualTo(View.SAFE);
    }

    @Test
    void defaults_trustLoopbackOnly() throws Exception {
        DetailPolicy p = new DetailPolicy(DiagnosticsConfig.DEFAULT);
        assertThat(p.viewFor(InetAddress.getByName("127.0.0.1"))).isEqualTo(View.FULL);
        assertThat(p.viewFor(InetAddress.getByName("::1"))).isEqualTo(View.FULL);
        assertThat(p.viewFor(InetAddress.getByName("192.168.1.10"))).isEqualTo(View.SAFE);
    }
}
