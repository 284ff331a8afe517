package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.UpstreamFailure;

/**
 * DESIGN §4.4: a failure before anything was sent moves on to the next server for any method;
 * after the request was sent, only idempotent methods whose body (if any) was not streamed yet
 * are tried again. Always within {@code retry.tries} attempts and {@code retry.budget}.
 */
public final class RetryPolicy {
    private final int tries;
    private final long budgetNanos;

    public RetryPolicy(UpstreamConfig.Retry retry) {
        this.tries = retry.tries();
        this.budgetNanos = retry.budget().toNanos();
    }

    /**
     * @param attempts     attempts made so far, the failed one included
     * @param elapsedNanos since the request arrived
     * @param bodyStreamed request body bytes were written to a server and are gone
     */
    public boolean shouldRetry(int attempts, long elapsedNanos, UpstreamFailure failure, boolean idempotent,
                               boolean bodyStreamed) {
        if (attempts >= tries || elapsedNanos >= budgetNanos) {
            return false;
        }
        return failure.nothingSent() || (idempotent && !bodyStreamed);
    }
}
