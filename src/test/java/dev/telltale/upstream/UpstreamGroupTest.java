package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.diagnose.Cause;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamGroupTest {
    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = now::get;

    private UpstreamGroup group(UpstreamConfig.Balance balance, int maxFails, UpstreamServer... servers) {
        return new UpstreamGroup(new UpstreamConfig("app", List.of(servers), balance, Timeouts.DEFAULT,
                UpstreamConfig.Keepalive.DEFAULT, new UpstreamConfig.PassiveHealth(maxFails, Duration.ofSeconds(10)),
                null, UpstreamConfig.Retry.DEFAULT), ticker);
    }

    private static UpstreamServer server(String name, int weight, boolean backup) {
        return UpstreamServer.parse("http://" + name + ":80", weight, backup);
    }

    private static String host(Server s) {
        return s.config().host();
    }

    @Test
    void smoothRoundRobin_matchesNginxSequenceForWeights511() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 1, server("a", 5, false),
                server("b", 1, false), server("c", 1, false));
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            seq.append(host(g.pick(List.of())));
        }
        assertThat(seq.toString()).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void pick_skipsTriedServers() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 1, server("a", 1, false), server("b", 1, false));
        Server first = g.pick(List.of());
        Server second = g.pick(List.of(first));
        assertThat(second).isNotSameAs(first);
        assertThat(g.pick(List.of(first, second))).isNull();
    }

    @Test
    void passiveHealth_marksDownForFailTimeoutThenTriesAgain() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 2, server("a", 1, false), server("b", 1, false));
        Server a = g.servers().get(0);
        a.health().failed(Cause.REFUSED);
        assertThat(a.health().available()).isTrue(); // 1 of max_fails 2
        a.health().failed(Cause.REFUSED);
        assertThat(a.health().available()).isFalse();
        ServerHealth.Status st = a.health().status();
        assertThat(st.downCause()).isEqualTo(Cause.REFUSED);
        assertThat(st.retryInMs()).isEqualTo(10_000);
        assertThat(st.recentFailures()).containsEntry(Cause.REFUSED, 2);
        for (int i = 0; i < 5; i++) {
            assertThat(host(g.pick(List.of()))).isEqualTo("b");
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(a.health().available()).isTrue();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosts.add(host(g.pick(List.of())));
        }
        assertThat(hosts).contains("a", "b");
    }

    @Test
    void passiveHealth_failuresOutsideTheWindowDoNotAddUp() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 2, server("a", 1, false));
        Server a = g.servers().get(0);
        a.health().failed(Cause.TIMEOUT);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        a.health().failed(Cause.TIMEOUT);
        assertThat(a.health().available()).isTrue();
    }

    @Test
    void maxFailsZero_neverMarksDown() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 0, server("a", 1, false));
        for (int i = 0; i < 10; i++) {
            g.servers().get(0).health().failed(Cause.RESET);
        }
        assertThat(g.pick(List.of())).isNotNull();
    }

    @Test
    void allServersDown_pickIsNull() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 1, server("a", 1, false), server("b", 1, false));
        g.servers().forEach(s -> s.health().failed(Cause.REFUSED));
        assertThat(g.pick(List.of())).isNull();
    }

    @Test
    void backup_isUsedOnlyWhenEveryPrimaryIsDown() {
        UpstreamGroup g = group(UpstreamConfig.Balance.ROUND_ROBIN, 1, server("a", 1, false),
                server("b", 1, false), server("spare", 1, true));
        for (int i = 0; i < 10; i++) {
            assertThat(host(g.pick(List.of()))).isNotEqualTo("spare");
        }
        g.servers().get(0).health().failed(Cause.REFUSED);
        assertThat(host(g.pick(List.of()))).isEqualTo("b");
        g.servers().get(1).health().failed(Cause.REFUSED);
        assertThat(host(g.pick(List.of()))).isEqualTo("spare");
    }

    @Test
    void leastConn_prefersTheLeastLoadedServer() {
        UpstreamGroup g = group(UpstreamConfig.Balance.LEAST_CONN, 1, server("a", 1, false), server("b", 1, false),
                server("c", 1, false));
        g.servers().get(0).attemptStarted();
        g.servers().get(0).attemptStarted();
        g.servers().get(1).attemptStarted();
        for (int i = 0; i < 5; i++) {
            assertThat(host(g.pick(List.of()))).isEqualTo("c");
        }
        g.servers().get(2).attemptStarted();
        g.servers().get(2).attemptStarted();
        assertThat(host(g.pick(List.of()))).isEqualTo("b");
    }

    @Test
    void randomTwo_avoidsTheLoadedServerAndSpreadsOverTheRest() {
        UpstreamGroup g = group(UpstreamConfig.Balance.RANDOM_TWO, 1, server("a", 1, false), server("b", 1, false),
                server("c", 1, false));
        for (int i = 0; i < 100; i++) {
            g.servers().get(0).attemptStarted();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(host(g.pick(List.of())), 1, Integer::sum);
        }
        // a is picked only when drawn... never: a pair always holds a less loaded server.
        assertThat(counts).doesNotContainKey("a");
        assertThat(counts.get("b")).isBetween(1200, 1800);
    }
}
