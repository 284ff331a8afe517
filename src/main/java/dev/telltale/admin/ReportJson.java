package dev.telltale.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.ConfigFact;
import dev.telltale.diagnose.Report;
import dev.telltale.diagnose.UpstreamFailure;

import java.io.IOException;

/**
 * The operator's view of a report ({@code /reports/{request_id}}): the full-detail problem JSON of
 * DESIGN §4.2, whatever the page's detail level was, plus the request ({@code method}, {@code uri},
 * {@code host}, {@code client}, {@code at}), {@code headers_sent} and the config facts involved.
 * Also the one-line summaries of the failure feed ({@code /api/failures}).
 */
final class ReportJson {
    private ReportJson() {
    }

    static void write(JsonGenerator g, Report r) throws IOException {
        UpstreamFailure f = r.failure();
        g.writeStartObject();
        g.writeStringField("type", f.cause().typeUri());
        g.writeStringField("title", f.cause().title());
        g.writeNumberField("status", r.status());
        g.writeStringField("detail", f.message());
        g.writeStringField("cause", f.cause().wireName());
        g.writeStringField("proxy_status", f.proxyStatus().wireName());
        g.writeStringField("phase", f.phase().wireName());
        g.writeStringField("request_id", r.requestId());
        g.writeStringField("route", r.route());
        g.writeObjectFieldStart("upstream");
        g.writeStringField("name", r.upstreamName());
        g.writeStringField("server", r.server());
        g.writeStringField("address", r.address());
        g.writeEndObject();
        g.writeObjectFieldStart("timing");
        g.writeNumberField("elapsed_ms", r.timing().elapsedMs());
        nullableNumber(g, "connect_ms", r.timing().connectMs());
        nullableNumber(g, "send_ms", r.timing().sendMs());
        nullableNumber(g, "ttfb_ms", r.timing().ttfbMs());
        g.writeEndObject();
        nullableNumber(g, "timeout_ms", f.timeoutMs());
        g.writeStringField("timeout_key", f.timeoutKey());
        g.writeStringField("errno", f.errno());
        g.writeArrayFieldStart("attempts");
        for (Attempt a : r.attempts()) {
            writeAttempt(g, a);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("hints");
        for (String h : r.hints()) {
            g.writeString(h);
        }
        g.writeEndArray();
        g.writeStringField("received", f.received());
        g.writeStringField("sniffed", f.sniffed());
        g.writeStringField("method", r.method());
        g.writeStringField("uri", r.uri());
        g.writeStringField("host", r.host());
        g.writeStringField("client", r.client());
        g.writeStringField("at", r.at() == null ? null : r.at().toString());
        g.writeBooleanField("headers_sent", r.headersSent());
        g.writeArrayFieldStart("config");
        for (ConfigFact c : r.config()) {
            g.writeStartObject();
            g.writeStringField("key", c.key());
            g.writeStringField("value", c.value());
            g.writeStringField("origin", c.origin());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One entry of the failure feed: enough to list it, and where its full report is. */
    static void writeSummary(JsonGenerator g, Report r) throws IOException {
        UpstreamFailure f = r.failure();
        g.writeStartObject();
        g.writeStringField("request_id", r.requestId());
        g.writeStringField("at", r.at() == null ? null : r.at().toString());
        g.writeNumberField("status", r.status());
        g.writeStringField("cause", f.cause().wireName());
        g.writeStringField("proxy_status", f.proxyStatus().wireName());
        g.writeStringField("phase", f.phase().wireName());
        g.writeStringField("method", r.method());
        g.writeStringField("host", r.host());
        g.writeStringField("uri", r.uri());
        g.writeStringField("upstream", r.upstreamName());
        g.writeStringField("server", r.server());
        g.writeStringField("detail", f.message());
        g.writeNumberField("attempts", r.attempts().size());
        g.writeStringField("report", reportPath(r.requestId()));
        g.writeEndObject();
    }

    /** The admin path of a report; request ids are {@code [A-Za-z0-9._:-]}, so no escaping is needed. */
    static String reportPath(String requestId) {
        return "/reports/" + requestId;
    }

    private static void writeAttempt(JsonGenerator g, Attempt a) throws IOException {
        g.writeStartObject();
        g.writeStringField("server", a.server());
        g.writeStringField("address", a.address());
        UpstreamFailure f = a.failure();
        g.writeStringField("cause", f == null ? null : f.cause().wireName());
        g.writeStringField("proxy_status", f == null ? null : f.proxyStatus().wireName());
        g.writeStringField("phase", f == null ? null : f.phase().wireName());
        g.writeStringField("detail", f == null ? null : f.message());
        g.writeNumberField("elapsed_ms", a.elapsedMs());
        nullableNumber(g, "connect_ms", a.connectMs());
        g.writeBooleanField("reused", a.reused());
        g.writeEndObject();
    }

    private static void nullableNumber(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
