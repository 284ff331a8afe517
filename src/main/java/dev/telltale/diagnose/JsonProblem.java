package dev.telltale.diagnose;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The RFC 9457 {@code application/problem+json} body (DESIGN §4.2), field order as documented. */
final class JsonProblem {
    private static final JsonFactory FACTORY = new JsonFactory(); // thread-safe once configured

    private JsonProblem() {
    }

    static byte[] render(Report report, DetailPolicy.View view) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(view == DetailPolicy.View.FULL ? 1536 : 192);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            switch (view) {
                case FULL:
                    full(g, report);
                    break;
                case SAFE:
                    g.writeStringField("type", report.cause().typeUri());
                    g.writeStringField("title", report.cause().title());
                    g.writeNumberField("status", report.status());
                    g.writeStringField("cause", report.cause().wireName());
                    string(g, "request_id", report.requestId());
                    break;
                default:
                    g.writeStringField("title", Texts.reason(report.status()));
                    g.writeNumberField("status", report.status());
                    string(g, "request_id", report.requestId());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void full(JsonGenerator g, Report r) throws IOException {
        UpstreamFailure f = r.failure();
        g.writeStringField("type", f.cause().typeUri());
        g.writeStringField("title", f.cause().title());
        g.writeNumberField("status", r.status());
        string(g, "detail", f.message());
        g.writeStringField("cause", f.cause().wireName());
        g.writeStringField("proxy_status", f.proxyStatus().wireName());
        g.writeStringField("phase", f.phase().wireName());
        string(g, "request_id", r.requestId());
        string(g, "route", r.route());
        g.writeObjectFieldStart("upstream");
        string(g, "name", r.upstreamName());
        string(g, "server", r.server());
        string(g, "address", r.address());
        g.writeEndObject();
        g.writeObjectFieldStart("timing");
        g.writeNumberField("elapsed_ms", r.timing().elapsedMs());
        number(g, "connect_ms", r.timing().connectMs());
        number(g, "ttfb_ms", r.timing().ttfbMs());
        g.writeEndObject();
        number(g, "timeout_ms", f.timeoutMs());
        g.writeArrayFieldStart("attempts");
        for (Attempt a : r.attempts()) {
            g.writeStartObject();
            string(g, "server", a.server());
            string(g, "address", a.address());
            string(g, "cause", a.cause() == null ? null : a.cause().wireName());
            g.writeNumberField("elapsed_ms", a.elapsedMs());
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "hints", r.hints());
        string(g, "received", f.received());
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, Texts.wellFormed(value)); // a lone surrogate would make the generator throw
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(Texts.wellFormed(v));
        }
        g.writeEndArray();
    }
}
