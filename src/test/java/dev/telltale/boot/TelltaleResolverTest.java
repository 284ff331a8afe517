package dev.telltale.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telltale.testing.ProxyFixture;
import org.junit.jupiter.api.Test;

/** The DNS resolver is built before the listeners accept, and only when a server has a host name. */
class TelltaleResolverTest {
    @Test
    void start_withOnlyAddressLiterals_buildsNoResolver() {
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("app", "http://127.0.0.1:9", "http://[::1]:9")
                .start()) {
            assertThat(proxy.proxy().upstreamClient().resolverReady()).isFalse();
        }
    }

    @Test
    void start_withLocalhost_hasTheResolverBeforeItAccepts() {
        try (ProxyFixture proxy = ProxyFixture.forUrl("http://localhost:9")) {
            assertThat(proxy.proxy().upstreamClient().resolverReady()).isTrue();
        }
    }

    @Test
    void reload_thatAddsAHostName_buildsTheResolverBeforeTheSwap() {
        try (ProxyFixture proxy = ProxyFixture.forUrl("http://127.0.0.1:9")) {
            proxy.proxy().reload(ProxyFixture.builder().upstream("app", "http://app.invalid:9").config());

            assertThat(proxy.proxy().upstreamClient().resolverReady()).isTrue();
        }
    }
}
