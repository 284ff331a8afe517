package dev.telltale.upstream;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ServerHealthTest {
    private final AtomicLong now = new AtomicLong();
    private final Ticker ticker = now::get;
    private final UpstreamConfig.HealthCheck check = new UpstreamConfig.HealthCheck("/healthz", Duration.ofSeconds(1),
            Duration.ofMillis(500), UpstreamConfig.StatusRange.DEFAULT, 2, 3);

    private ServerHealth health() {
        return new ServerHealth(new UpstreamConfig.PassiveHealth(1, Duration.ofSeconds(10)), check, ticker);
    }

    @Test
    void activeFailures_belowUnhealthyAfter_keepItUp() {
        ServerHealth h = health();

        assertThat(h.activeResult(false, Cause.REFUSED, "refused")).isNull();
        assertThat(h.activeResult(false, Cause.REFUSED, "refused")).isNull();

        assertThat(h.available()).isTrue();
        assertThat(h.status().activeUp()).isTrue();
    }

    @Test
    void unhealthyAfterFailuresInARow_markDown_thenHealthyAfterSuccessesMarkUp() {
        ServerHealth h = health();
        h.activeResult(false, null, "status 500");
        h.activeResult(false, null, "status 500");

        ServerHealth.Change down = h.activeResult(false, null, "status 500 (expected 200-399)");

        assertThat(down).isEqualTo(new ServerHealth.Change(true, false,
                "3 check(s) in a row failed: status 500 (expected 200-399)"));
        assertThat(h.available()).isFalse();
        ServerHealth.Status st = h.status();
        assertThat(st.up()).isFalse();
        assertThat(st.activeUp()).isFalse();
        assertThat(st.activeReason()).isEqualTo("status 500 (expected 200-399)");
        assertThat(st.retryInMs()).as("comes back when checks pass, not at a time").isNull();

        assertThat(h.activeResult(true, null, "status 200")).isNull();
        ServerHealth.Change up = h.activeResult(true, null, "status 200");

        assertThat(up).isEqualTo(new ServerHealth.Change(false, true, "2 check(s) in a row passed: status 200"));
        assertThat(h.available()).isTrue();
        assertThat(h.status().activeUp()).isTrue();
        assertThat(h.status().activeReason()).isNull();
    }

    @Test
    void aSuccessBetweenFailures_restartsTheStreak() {
        ServerHealth h = health();
        h.activeResult(false, Cause.TIMEOUT, "timeout");
        h.activeResult(false, Cause.TIMEOUT, "timeout");
        h.activeResult(true, null, "status 200");
        h.activeResult(false, Cause.TIMEOUT, "timeout");

        assertThat(h.activeResult(false, Cause.TIMEOUT, "timeout")).isNull();
        assertThat(h.available()).isTrue();
        assertThat(h.activeResult(false, Cause.TIMEOUT, "timeout")).isNotNull();
        assertThat(h.status().downCause()).isEqualTo(Cause.TIMEOUT);
    }

    @Test
    void activelyDown_staysDownAfterFailTimeout_evenWhenPassiveHealthClears() {
        ServerHealth h = health();
        for (int i = 0; i < 3; i++) {
            h.activeResult(false, Cause.REFUSED, "refused");
        }
        h.succeeded(); // a request that was in flight succeeded

        now.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(h.available()).isFalse();
    }

    @Test
    void passivelyDown_isUnavailableWhileActiveChecksPass() {
        ServerHealth h = health();
        h.activeResult(true, null, "status 200");

        h.failed(Cause.RESET);

        assertThat(h.available()).isFalse();
        assertThat(h.status().up()).isFalse();
        assertThat(h.status().activeUp()).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(h.available()).isTrue();
    }

    @Test
    void withoutHealthCheck_statusHasNoActiveState() {
        ServerHealth h = new ServerHealth(UpstreamConfig.PassiveHealth.DEFAULT, ticker);

        assertThat(h.status().activeUp()).isNull();
        assertThat(h.available()).isTrue();
    }

    @Test
    void passiveAndActive_areReportedApart() {
        ServerHealth h = health();
        assertThat(h.active()).isEqualTo(new ServerHealth.Active(true, null, null));
        for (int i = 0; i < 3; i++) {
            now.addAndGet(1_000_000_000L);
            h.activeResult(false, null, "status 500 (expected 200-399)");
        }
        now.addAndGet(500_000_000L);

        assertThat(h.passive()).as("no request failed").isEqualTo(new ServerHealth.Passive(true, null, null, null));
        assertThat(h.active()).isEqualTo(new ServerHealth.Active(false, 500L,
                new ServerHealth.Check(500, false, null, "status 500 (expected 200-399)")));

        h.failed(Cause.REFUSED);
        now.addAndGet(4_000_000_000L);

        assertThat(h.passive()).isEqualTo(new ServerHealth.Passive(false, Cause.REFUSED, 4000L, 6000L));
        h.activeResult(true, null, "status 200 from 127.0.0.1:3000 for GET /healthz");
        assertThat(h.active().lastCheck()).isEqualTo(new ServerHealth.Check(0, true, null,
                "status 200 from 127.0.0.1:3000 for GET /healthz"));
        assertThat(h.active().up()).as("healthy_after: 2").isFalse();
    }

    @Test
    void withoutHealthCheck_activeIsNull() {
        assertThat(new ServerHealth(UpstreamConfig.PassiveHealth.DEFAULT, ticker).active()).isNull();
    }

    @Test
    void state_whileNothingChanged_isTheSameInstance_andChangesWithTheNextFailure() {
        ServerHealth h = new ServerHealth(new UpstreamConfig.PassiveHealth(0, Duration.ofSeconds(10)), ticker);
        h.failed(Cause.REFUSED);
        now.addAndGet(5_000_000);

        dev.telltale.diagnose.ServerState first = h.state("http://a:1");
        now.addAndGet(5_000_000);
        assertThat(h.state("http://a:1")).as("a storm's failures share it").isSameAs(first);
        assertThat(first.recentFailures()).containsExactly(java.util.Map.entry(Cause.REFUSED, 1));

        h.failed(Cause.REFUSED);
        h.failed(Cause.TIMEOUT);
        dev.telltale.diagnose.ServerState second = h.state("http://a:1");

        assertThat(second).isNotSameAs(first);
        assertThat(second.recentFailures()).isEqualTo(java.util.Map.of(Cause.REFUSED, 2, Cause.TIMEOUT, 1));
        assertThat(h.status().recentFailures()).isEqualTo(second.recentFailures());
        now.addAndGet(ServerHealth.HISTORY_NANOS + 1);
        assertThat(h.state("http://a:1").recentFailures()).as("a minute later").isEmpty();
    }

    @Test
    void state_ofADownServer_countsDownAndMatchesStatus() {
        ServerHealth h = health();
        h.failed(Cause.REFUSED);
        now.addAndGet(2_000_000_000L);

        dev.telltale.diagnose.ServerState s = h.state("http://a:1");
        ServerHealth.Status st = h.status();

        assertThat(s).isEqualTo(new dev.telltale.diagnose.ServerState("http://a:1", false, Cause.REFUSED, 2000L,
                8000L, null, java.util.Map.of(Cause.REFUSED, 1)));
        assertThat(List.of(st.up(), st.downForMs(), st.retryInMs())).containsExactly(false, 2000L, 8000L);
        now.addAndGet(1_000_000_000L);
        assertThat(h.state("http://a:1").downForMs()).as("time moves on").isEqualTo(3000L);
        h.succeeded();
        assertThat(h.state("http://a:1").lastSuccessAgoMs()).isEqualTo(0L);
        assertThat(h.state("http://a:1").up()).isTrue();
    }
}
