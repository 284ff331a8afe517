package dev.telltale.diagnose;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerStateTest {
    @Test
    void passivelyDown_saysCauseAndWhenRetried() {
        ServerState s = new ServerState("http://127.0.0.1:3000", false, Cause.REFUSED, 3_000L, 7_000L, null,
                Map.of(Cause.REFUSED, 2));

        assertThat(s.summary()).isEqualTo("down (refused) since 3 s, retried in 7 s; 2 refused in the last 60 s; "
                + "last success never seen");
    }

    @Test
    void checkedDownByAStatus_hasNoCauseAndComesBackWithTheChecks() {
        ServerState s = new ServerState("http://127.0.0.1:3000", false, null, 1_500L, null, 90_000L, Map.of());

        assertThat(s.summary()).isEqualTo("down (health check) since 1 s, back when health checks pass; "
                + "no failures in the last 60 s; last success 90 s ago");
    }
}
