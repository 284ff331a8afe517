package dev.telltale.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telltale.testing.ProxyFixture;
import org.junit.jupiter.api.Test;

/** The TLS client context is built before the listeners accept, and only for https upstreams. */
class TelltaleTlsTest {
    @Test
    void start_withOnlyHttpUpstreams_buildsNoTlsContext() {
        try (ProxyFixture proxy = ProxyFixture.forUrl("http://127.0.0.1:9")) {
            assertThat(proxy.proxy().upstreamClient().tlsReady()).isFalse();
        }
    }

    @Test
    void start_withAnHttpsServer_hasTheTlsContextBeforeItAccepts() {
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("app", "http://127.0.0.1:9", "https://127.0.0.1:9")
                .start()) {
            assertThat(proxy.proxy().upstreamClient().tlsReady()).isTrue();
        }
    }

    @Test
    void reload_thatAddsAnHttpsServer_buildsTheTlsContextBeforeTheSwap() {
        try (ProxyFixture proxy = ProxyFixture.forUrl("http://127.0.0.1:9")) {
            proxy.proxy().reload(ProxyFixture.builder().upstream("app", "https://127.0.0.1:9").config());

            assertThat(proxy.proxy().upstreamClient().tlsReady()).isTrue();
            assertThat(proxy.proxy().config().upstreams().get("app").servers().get(0).tls()).isTrue();
        }
    }
}
