package dev.telltale.proxy;

import dev.telltale.demo.FaultServer;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.Report;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.RecordingEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 502 storm as the bench makes it (one server where nothing listens, {@code max_fails: 0},
 * one try): the failures share their hints, config facts and unchanged server states, and
 * still each page and each stored report is that request's own.
 */
class StormReportTest {
    private static final int FAILURES = 6;

    @Test
    void refusedStorm_eachPageAndStoredReportIsItsOwn_sharedPartsAreShared() throws Exception {
        int dead = FaultServer.deadPort();
        try (ProxyFixture proxy = ProxyFixture.quietYaml("""
                upstreams:
                  app:
                    servers: [http://127.0.0.1:DEAD]
                    passive_health: { max_fails: 0 }
                    retry: { tries: 1 }
                routes:
                  - { upstream: app }
                """.replace("DEAD", Integer.toString(dead)), new RecordingEvents());
             RawHttp c = new RawHttp(proxy.port())) {
            List<String> pages = new ArrayList<>();
            for (int i = 0; i < FAILURES; i++) {
                RawHttp.Response r = c.send("GET /storm/" + i + " HTTP/1.1\r\nHost: h\r\nX-Request-Id: storm-" + i
                        + "\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.header("x-request-id")).isEqualTo("storm-" + i);
                assertThat(r.header("content-length")).isEqualTo(Integer.toString(r.body().length));
                pages.add(r.text());
            }

            List<Report> reports = new ArrayList<>();
            for (int i = 0; i < FAILURES; i++) {
                Report r = proxy.proxy().reports().get("storm-" + i).orElseThrow();
                reports.add(r);
                assertThat(r.requestId()).isEqualTo("storm-" + i);
                assertThat(r.uri()).isEqualTo("/storm/" + i);
                assertThat(r.cause()).isEqualTo(Cause.REFUSED);
                assertThat(r.attempts()).singleElement()
                        .satisfies(a -> assertThat(a.address()).isEqualTo("127.0.0.1:" + dead));
                int failuresSoFar = i + 1;
                assertThat(r.servers()).singleElement().satisfies(s -> assertThat(s.recentFailures())
                        .as("the state as of this failure").containsEntry(Cause.REFUSED, failuresSoFar));
                assertThat(pages.get(i)).contains("request_id:   storm-" + i + "\n", "GET h/storm/" + i + "\n",
                        "attempts:     1. 127.0.0.1:" + dead + "  refused");
                if (i > 0) {
                    assertThat(pages.get(i)).contains("server:       http://127.0.0.1:" + dead + "  up  " + (i + 1)
                            + " refused in the last 60 s; last success never seen\n");
                }
            }
            Report first = reports.get(1);
            for (Report r : reports.subList(2, FAILURES)) {
                assertThat(r.timing()).isNotSameAs(first.timing());
                assertThat(r.attempts().get(0)).isNotSameAs(first.attempts().get(0));
                assertThat(r.failure()).isSameAs(first.failure());
                assertThat(r.hints()).isSameAs(first.hints());
                assertThat(r.config()).isSameAs(first.config());
            }
        }
    }
}
