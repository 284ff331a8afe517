package dev.telltale.testing;

import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Report;
import dev.telltale.proxy.ExchangeEvents;
import dev.telltale.proxy.ExchangeView;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the proxy reports about its exchanges, and passes it on to {@code next}. */
public final class RecordingEvents implements ExchangeEvents {
    public final List<Attempt> failedAttempts = new CopyOnWriteArrayList<>();
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<ExchangeView> completed = new CopyOnWriteArrayList<>();
    private final ExchangeEvents next;

    public RecordingEvents(ExchangeEvents next) {
        this.next = next;
    }

    public RecordingEvents() {
        this(ExchangeEvents.NONE);
    }

    @Override
    public void attemptFailed(ExchangeView exchange, Attempt attempt, int number) {
        failedAttempts.add(attempt);
        next.attemptFailed(exchange, attempt, number);
    }

    @Override
    public void reported(Report report) {
        reports.add(report);
        next.reported(report);
    }

    @Override
    public void completed(ExchangeView exchange) {
        completed.add(exchange);
        next.completed(exchange);
    }
}
