package dev.telltale.demo;

import dev.telltale.config.Config;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoConfigTest {
    private static DemoUpstreams demo;
    private static Config config;

    @BeforeAll
    static void build() {
        demo = DemoUpstreams.start();
        config = DemoConfig.demoConfig(demo, new ListenAddress("127.0.0.1", 18080));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static RouteConfig route(String prefix) {
        return config.routes().stream().filter(r -> r.pathPrefix().equals(prefix)).findFirst().orElseThrow();
    }

    @Test
    void routes_coverEveryCauseTheDemoCanProvoke() {
        Set<String> shown = demo.routes().stream().map(DemoRoute::cause).collect(Collectors.toSet());
        Set<String> provokable = Arrays.stream(Cause.values()).filter(c -> c != Cause.OVERLOADED)
                .map(Cause::wireName).collect(Collectors.toSet());
        assertThat(shown).containsAll(provokable);
        Set<String> known = Arrays.stream(Cause.values()).map(Cause::wireName).collect(Collectors.toSet());
        assertThat(shown).allMatch(c -> known.contains(c) || c.equals(DemoRoute.NONE));
    }

    @Test
    void demoConfig_hasOneRouteAndUpstreamPerDemoRoute() {
        assertThat(config.routes()).hasSameSizeAs(demo.routes());
        assertThat(config.upstreams()).hasSameSizeAs(demo.routes());
        for (DemoRoute r : demo.routes()) {
            RouteConfig route = route(r.path());
            assertThat(config.upstreams().get(route.upstream()).servers()).singleElement()
                    .satisfies(s -> assertThat(s.url()).isEqualTo(r.upstreamUrl()));
        }
    }

    @Test
    void demoConfig_stripsThePathWithoutItsTrailingSlash() {
        assertThat(route("/refused/").stripPrefix()).isEqualTo("/refused");
        assertThat(route("/connect-timeout/").upstream()).isEqualTo("connect-timeout");
        assertThat(route("/").stripPrefix()).isNull();
        assertThat(route("/").upstream()).isEqualTo("app");
    }

    @Test
    void demoConfig_setsTheTimeoutRoutesShort() {
        assertThat(route("/timeout/").timeouts().read()).isEqualTo(Duration.ofSeconds(2));
        assertThat(route("/timeout/").timeouts().connect()).isNull();
        assertThat(route("/connect-timeout/").timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
        assertThat(route("/reset/").timeouts().read()).isNull();
    }

    @Test
    void demoConfig_showsFullDetailResolvesWithTheFakeDnsAndTriesOnce() {
        assertThat(config.diagnostics().detail()).isEqualTo(DetailLevel.FULL);
        assertThat(config.server().listen()).containsExactly(new ListenAddress("127.0.0.1", 18080));
        assertThat(config.server().resolver().servers()).singleElement()
                .satisfies(a -> assertThat(a.port()).isEqualTo(demo.dnsServer().getPort()));
        assertThat(config.upstreams().values()).allSatisfy(u -> assertThat(u.retry().tries()).isEqualTo(1));
    }

    @Test
    void demoConfig_marksServersDownOnlyOnTheNoLiveRoute() {
        for (DemoRoute r : demo.routes()) {
            UpstreamConfig upstream = config.upstreams().get(route(r.path()).upstream());
            int expected = r.cause().equals(Cause.NO_LIVE_UPSTREAM.wireName()) ? 1 : 0;
            assertThat(upstream.passiveHealth().maxFails()).as(r.path()).isEqualTo(expected);
        }
    }

    @Test
    void banner_listsEveryUrlWithItsCause() {
        String banner = DemoConfig.banner(config, demo.routes());
        for (DemoRoute r : demo.routes()) {
            assertThat(banner).containsPattern("http://127\\.0\\.0\\.1:18080" + r.path().replace("/", "\\/")
                    + " +" + r.cause() + " +" + java.util.regex.Pattern.quote(r.what()));
        }
        assertThat(banner).contains("http://127.0.0.1:9901/reports/");
    }

    @Test
    void banner_showsAWildcardListenerAsLoopback() {
        Config wildcard = DemoConfig.demoConfig(demo, new ListenAddress("0.0.0.0", 8080));
        assertThat(DemoConfig.banner(wildcard, demo.routes())).contains("http://127.0.0.1:8080/refused/");
    }
}
