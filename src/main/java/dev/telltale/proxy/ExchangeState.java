package dev.telltale.proxy;

import dev.telltale.diagnose.Phase;

/**
 * Where an exchange stands. The {@link Phase} of a failure is derived from this state, never
 * guessed at the place of failure.
 */
enum ExchangeState {
    /** Resolving or connecting to a server (or taking a parked connection). */
    CONNECTING(Phase.CONNECT),
    /** Writing the request head and body upstream. */
    SENDING(Phase.SEND_REQUEST),
    /** The request is sent; waiting for the response head. */
    AWAITING_HEAD(Phase.READ_HEADERS),
    /** Response head went to the client; body streaming. A failure now aborts the client connection. */
    RELAYING(Phase.READ_BODY),
    /** Finished: answered, failed or abandoned by the client. */
    DONE(Phase.READ_BODY);

    final Phase phase;

    ExchangeState(Phase phase) {
        this.phase = phase;
    }
}
