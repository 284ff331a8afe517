package dev.telltale.diagnose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    @Test
    void readTimeout_marksConnectAndSendDoneAndWaitFailed() {
        Timeline t = Timeline.of(new Timing(1003, 1L, 3L, null), Phase.READ_HEADERS);
        assertThat(t.steps()).extracting(Timeline.Step::name, Timeline.Step::startMs, Timeline.Step::durationMs,
                Timeline.Step::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("connect", 0L, 1L, Timeline.State.DONE),
                org.assertj.core.groups.Tuple.tuple("send", 1L, 2L, Timeline.State.DONE),
                org.assertj.core.groups.Tuple.tuple("wait", 3L, 1000L, Timeline.State.FAILED),
                org.assertj.core.groups.Tuple.tuple("read", 1003L, 0L, Timeline.State.NOT_REACHED));
    }

    @Test
    void reusedConnection_hasAZeroConnectStep_andMarksBeyondTotalAreClamped() {
        Timeline t = Timeline.of(new Timing(10, null, 50L, null), Phase.READ_BODY);
        assertThat(t.steps()).extracting(Timeline.Step::durationMs).containsExactly(0L, 10L, 0L, 0L);
        assertThat(t.steps().get(3).state()).isEqualTo(Timeline.State.FAILED);
    }
}
