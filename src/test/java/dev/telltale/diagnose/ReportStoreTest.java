package dev.telltale.diagnose;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReportStoreTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    private static Report report(String id) {
        Report r = SampleReports.of(Cause.REFUSED);
        return new Report(id, r.at(), r.client(), r.method(), r.uri(), r.host(), r.failure(), r.status(), r.route(),
                r.upstreamName(), r.server(), r.address(), r.timing(), r.attempts(), r.hints(), r.config(), false);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void get_returnsAReportUntilItsTtlPasses() {
        ReportStore store = new ReportStore(100, Duration.ofMinutes(15), ticker);
        store.put(report("a"));
        advance(Duration.ofMinutes(14));
        assertThat(store.get("a")).map(Report::requestId).contains("a");
        advance(Duration.ofMinutes(1).plusNanos(1));
        assertThat(store.get("a")).isEmpty();
        assertThat(store.recent(10)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void get_unknownOrNullIdIsEmpty() {
        ReportStore store = new ReportStore(100, Duration.ofMinutes(1), ticker);
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.get(null)).isEmpty();
    }

    @Test
    void put_beyondMaxEntriesEvictsDownToTheBound() {
        ReportStore store = new ReportStore(10, Duration.ofHours(1), ticker);
        for (int i = 0; i < 50; i++) {
            store.put(report("r" + i));
        }
        assertThat(store.size()).isEqualTo(10);
    }

    @Test
    void recent_listsLiveReportsNewestFirst() {
        ReportStore store = new ReportStore(100, Duration.ofMinutes(10), ticker);
        store.put(report("old"));
        advance(Duration.ofMinutes(6));
        store.put(report("mid"));
        advance(Duration.ofSeconds(1));
        store.put(report("new"));
        assertThat(ids(store.recent(2))).containsExactly("new", "mid");
        assertThat(ids(store.recent(10))).containsExactly("new", "mid", "old");
        advance(Duration.ofMinutes(5)); // "old" is 11 minutes old now
        assertThat(ids(store.recent(10))).containsExactly("new", "mid");
        assertThat(store.recent(0)).isEmpty();
    }

    @Test
    void put_beyondMaxEntriesEvictsTheOldestEvenWhenItWasReadLately() {
        ReportStore store = new ReportStore(3, Duration.ofHours(1), ticker);
        store.put(report("a"));
        store.put(report("b"));
        store.put(report("c"));
        assertThat(store.get("a")).isPresent();
        store.put(report("d"));
        assertThat(store.get("a")).isEmpty();
        assertThat(ids(store.recent(10))).containsExactly("d", "c", "b");
    }

    @Test
    void put_aStormOfNewIds_keepsTheNewestOnes() {
        // Caffeine's size policy (W-TinyLFU) kept ~4 % of the newest reports in this situation:
        // a new id is seen once, so it lost to the ids already stored and was evicted at once.
        ReportStore store = new ReportStore(100, Duration.ofHours(1), ticker);
        for (int i = 0; i < 1000; i++) {
            store.put(report("r" + i));
        }
        for (int i = 900; i < 1000; i++) {
            assertThat(store.get("r" + i)).as("r" + i).isPresent();
        }
        assertThat(store.get("r899")).isEmpty();
    }

    @Test
    void put_sameIdAgainReplacesAndCountsAsNewest() {
        ReportStore store = new ReportStore(3, Duration.ofMinutes(10), ticker);
        store.put(report("a"));
        advance(Duration.ofMinutes(6));
        store.put(report("b"));
        store.put(report("a"));
        assertThat(ids(store.recent(10))).containsExactly("a", "b");
        advance(Duration.ofMinutes(5)); // the first "a" would have expired; the second has not
        assertThat(store.get("a")).isPresent();
        store.put(report("c"));
        store.put(report("d"));
        assertThat(ids(store.recent(10))).containsExactly("d", "c", "a");
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void zeroEntries_keepsNothing() {
        ReportStore store = new ReportStore(0, Duration.ofMinutes(1), ticker);
        store.put(report("a"));
        assertThat(store.size()).isZero();
    }

    private static List<String> ids(List<Report> reports) {
        return reports.stream().map(Report::requestId).toList();
    }

}
