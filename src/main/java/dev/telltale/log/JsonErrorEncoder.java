package dev.telltale.log;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.diagnose.UpstreamFailure;
import java.io.IOException;
import java.util.Map;

/**
 * The {@code json} error log. An upstream failure is one object with, in order, {@code ts},
 * {@code level} ({@code error}), {@code event} ({@code upstream_error}), {@code request_id},
 * {@code cause}, {@code proxy_status}, {@code phase}, {@code errno}, {@code message}, {@code client},
 * {@code method}, {@code uri}, {@code host}, {@code route}, {@code upstream}, {@code server},
 * {@code address}, {@code attempt}, {@code elapsed_ms}, {@code connect_ms}, {@code timeout_ms}, and
 * {@code received} only when the upstream sent unparseable bytes (DESIGN §4.3). Absent values are
 * JSON {@code null}. Another event is {@code ts}, {@code level}, {@code event}, then its fields in
 * the caller's order.
 */
final class JsonErrorEncoder extends JsonLines<ErrorEntry> {
    @Override
    void fields(ErrorEntry entry, JsonGenerator gen) throws IOException {
        if (entry instanceof UpstreamErrorRecord) {
            upstreamError((UpstreamErrorRecord) entry, gen);
        } else {
            event((ErrorEvent) entry, gen);
        }
    }

    private void upstreamError(UpstreamErrorRecord r, JsonGenerator gen) throws IOException {
        UpstreamFailure f = r.failure();
        ts(gen, r.epochMillis());
        gen.writeStringField("level", "error");
        gen.writeStringField("event", "upstream_error");
        string(gen, "request_id", r.requestId());
        gen.writeStringField("cause", f.cause().wireName());
        gen.writeStringField("proxy_status", f.proxyStatus().wireName());
        gen.writeStringField("phase", f.phase().wireName());
        string(gen, "errno", f.errno());
        gen.writeStringField("message", f.message());
        string(gen, "client", r.client());
        string(gen, "method", r.method());
        string(gen, "uri", r.uri());
        string(gen, "host", r.host());
        string(gen, "route", r.route());
        string(gen, "upstream", r.upstream());
        string(gen, "server", r.server());
        string(gen, "address", r.address());
        gen.writeNumberField("attempt", r.attempt());
        gen.writeNumberField("elapsed_ms", r.elapsedMs());
        number(gen, "connect_ms", r.connectMs());
        number(gen, "timeout_ms", f.timeoutMs());
        if (f.received() != null) {
            gen.writeStringField("received", f.received());
        }
    }

    private void event(ErrorEvent e, JsonGenerator gen) throws IOException {
        ts(gen, e.epochMillis());
        gen.writeStringField("level", e.level());
        gen.writeStringField("event", e.event());
        for (Map.Entry<String, Object> field : e.fields().entrySet()) {
            gen.writeFieldName(field.getKey());
            value(gen, field.getValue());
        }
    }
}
