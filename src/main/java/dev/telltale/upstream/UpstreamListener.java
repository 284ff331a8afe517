package dev.telltale.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * What an upstream channel reports to the one exchange currently using it. All calls happen on
 * the channel's event loop, which is also the exchange's.
 */
public interface UpstreamListener {
    /** A decoded response head or body piece; the listener owns (and must release) it. */
    void upstreamMessage(HttpObject message);

    /** The end of one socket read: a good moment to flush what was relayed. */
    void upstreamReadComplete();

    void upstreamWritabilityChanged(boolean writable);

    void upstreamException(Throwable cause);

    /** The upstream closed the connection (FIN or after an error). */
    void upstreamClosed();
}
