package dev.telltale.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the {@link RequestGuard} refused, travelling in place of the request so that it is
 * answered in order after any pipelined requests before it.
 *
 * @param reason one sentence for the client and the access log, naming no internals
 */
record RejectedRequest(HttpResponseStatus status, String reason, String method, String uri) {
}
