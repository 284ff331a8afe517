package dev.telltale.boot;

import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.log.AccessLog;
import dev.telltale.log.AccessRecord;
import dev.telltale.log.ErrorLog;
import dev.telltale.log.UpstreamErrorRecord;
import dev.telltale.proxy.ExchangeEvents;
import dev.telltale.proxy.ExchangeView;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.ServerHealth;
import dev.telltale.upstream.UpstreamEvents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns exchange events into log lines: one {@code upstream_error} line per failed attempt,
 * one access line per exchange; and upstream events into error-log events:
 * {@code health_change} ({@code warn} when a server goes down, {@code notice} when it comes
 * back) and {@code dns_error} ({@code warn}). Building the record is all that happens on the
 * event loop; encoding and writing happen on the logs' own threads.
 */
public final class LoggingEvents implements ExchangeEvents, UpstreamEvents {
    private final AccessLog access;
    private final ErrorLog errors;

    public LoggingEvents(AccessLog access, ErrorLog errors) {
        this.access = access;
        this.errors = errors;
    }

    @Override
    public void attemptFailed(ExchangeView e, Attempt a, int number) {
        if (!errors.enabled()) {
            return;
        }
        errors.upstreamError(new UpstreamErrorRecord(System.currentTimeMillis(), e.requestId(), a.failure(),
                e.client(), e.method(), e.uri(), e.protocol(), e.host(), e.route(), e.upstream(), a.server(),
                a.address(), number, a.elapsedMs(), a.connectMs()));
    }

    @Override
    public void reported(Report report) {
    }

    @Override
    public void healthChanged(Server server, ServerHealth.Change change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("upstream", server.upstream());
        fields.put("server", server.url());
        fields.put("from", change.wasUp() ? "up" : "down");
        fields.put("to", change.up() ? "up" : "down");
        fields.put("reason", change.reason());
        errors.event("health_change", change.up() ? "notice" : "warn", fields);
    }

    @Override
    public void dnsFailed(Server server, String reason, List<String> kept) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("upstream", server.upstream());
        fields.put("server", server.url());
        fields.put("host", server.config().host());
        fields.put("reason", reason);
        fields.put("kept", kept);
        errors.event("dns_error", "warn", fields);
    }

    @Override
    public void completed(ExchangeView e) {
        if (!access.enabled()) {
            return;
        }
        List<Attempt> attempts = e.attempts();
        List<String> addresses = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            addresses.add(a.address());
        }
        UpstreamFailure f = e.failure();
        access.log(new AccessRecord(e.startEpochMillis(), e.requestId(), e.client(), e.method(), e.uri(),
                e.protocol(), e.host(), e.status(), e.bytesSent(), e.durationMs(), e.route(), e.upstream(),
                addresses, e.upstreamStatus(), e.upstreamConnectMs(), e.upstreamHeaderMs(),
                f == null ? null : f.cause().wireName(), f == null ? null : f.proxyStatus().wireName(),
                e.userAgent(), e.referer()));
    }
}
