package dev.telltale.proxy;

import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Report;

/**
 * What the proxy tells the rest of the house about its exchanges: logs, metrics, reports and
 * passive health listen here. Called on event loops: implementations hand work off, never block.
 */
public interface ExchangeEvents {
    /** One attempt against one server failed (one {@code upstream_error} line each). */
    void attemptFailed(ExchangeView exchange, Attempt attempt, int number);

    /** A diagnostic report was produced for the client (or after an abort). */
    void reported(Report report);

    /** The exchange ended: answered, failed, aborted or abandoned (one access log line). */
    void completed(ExchangeView exchange);

    ExchangeEvents NONE = new ExchangeEvents() {
        @Override
        public void attemptFailed(ExchangeView exchange, Attempt attempt, int number) {
        }

        @Override
        public void reported(Report report) {
        }

        @Override
        public void completed(ExchangeView exchange) {
        }
    };
}
