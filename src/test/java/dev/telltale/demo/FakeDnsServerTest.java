package dev.telltale.demo;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeDnsServerTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DnsNameResolver resolver(FakeDnsServer dns) {
        return new DnsNameResolverBuilder(group.next())
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address()))
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
                .resolveCache(NoopDnsCache.INSTANCE)
                .searchDomains(List.of())
                .queryTimeoutMillis(300)
                .maxQueriesPerResolve(1)
                .build();
    }

    @Test
    void removedName_getsNxdomain() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of("app.test", List.of("127.0.0.7")), Set.of());
             DnsNameResolver resolver = resolver(dns)) {
            assertThat(resolver.resolve("app.test").get().getHostAddress()).isEqualTo("127.0.0.7");

            dns.remove("app.test");

            assertThatThrownBy(() -> resolver.resolve("app.test").get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownHostException.class);
        }
    }

    @Test
    void mappedName_resolvesToItsAddresses() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of("app.test", List.of("127.0.0.7", "127.0.0.8")), Set.of());
             DnsNameResolver resolver = resolver(dns)) {
            List<InetAddress> all = resolver.resolveAll("App.Test").get();
            assertThat(all).extracting(InetAddress::getHostAddress).containsExactlyInAnyOrder("127.0.0.7", "127.0.0.8");
            assertThat(dns.queries("app.test")).isEqualTo(1);
        }
    }

    @Test
    void unknownName_failsWithUnknownHost() {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of()); DnsNameResolver resolver = resolver(dns)) {
            assertThatThrownBy(() -> resolver.resolve("nope.invalid").get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownHostException.class)
                    .satisfies(e -> assertThat(causes(e)).noneMatch(c -> c instanceof DnsNameResolverTimeoutException));
            assertThat(dns.queries("nope.invalid")).isEqualTo(1);
        }
    }

    @Test
    void silentName_timesOut() {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of("quiet.test")); DnsNameResolver resolver = resolver(dns)) {
            assertThatThrownBy(() -> resolver.resolve("quiet.test").get())
                    .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof DnsNameResolverTimeoutException));
            assertThat(dns.queries("quiet.test")).isEqualTo(1);
        }
    }

    @Test
    void set_changesTheAnswerAndUnsilencesTheName() throws Exception {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of("app.test", List.of("127.0.0.7")), Set.of("later.test"));
             DnsNameResolver resolver = resolver(dns)) {
            dns.set("app.test", List.of("127.0.0.9"), 1);
            dns.set("later.test", List.of("127.0.0.10"), 1);
            assertThat(resolver.resolve("app.test").get().getHostAddress()).isEqualTo("127.0.0.9");
            assertThat(resolver.resolve("later.test").get().getHostAddress()).isEqualTo("127.0.0.10");
        }
    }

    @Test
    void set_rejectsANonIpv4Address() {
        try (FakeDnsServer dns = FakeDnsServer.start(Map.of(), Set.of())) {
            assertThatThrownBy(() -> dns.set("a.test", List.of("example.com"), 5))
                    .hasMessage("ip: example.com (expected: an IPv4 literal such as 127.0.0.1)");
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
