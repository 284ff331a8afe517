package dev.telltale.log;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The {@code json} access log: one object per request with, in order, {@code ts}, {@code request_id},
 * {@code client}, {@code method}, {@code uri}, {@code protocol}, {@code host}, {@code status},
 * {@code bytes_sent}, {@code duration_ms}, {@code route}, {@code upstream}, {@code upstream_addr},
 * {@code upstream_status}, {@code upstream_connect_ms}, {@code upstream_header_ms}, then
 * {@code cause} and {@code proxy_status} only when the request failed, then {@code user_agent} and
 * {@code referer}. Absent values are JSON {@code null}; {@code upstream_addr} is a string for one
 * attempt, an array for several, {@code null} for none.
 */
final class JsonAccessEncoder extends JsonLines<AccessRecord> {
    @Override
    void fields(AccessRecord r, JsonGenerator gen) throws IOException {
        ts(gen, r.epochMillis());
        string(gen, "request_id", r.requestId());
        string(gen, "client", r.client());
        string(gen, "method", r.method());
        string(gen, "uri", r.uri());
        string(gen, "protocol", r.protocol());
        string(gen, "host", r.host());
        gen.writeNumberField("status", r.status());
        gen.writeNumberField("bytes_sent", r.bytesSent());
        gen.writeNumberField("duration_ms", r.durationMs());
        string(gen, "route", r.route());
        string(gen, "upstream", r.upstream());
        upstreamAddr(gen, r.upstreamAddr());
        number(gen, "upstream_status", r.upstreamStatus() == null ? null : r.upstreamStatus().longValue());
        number(gen, "upstream_connect_ms", r.upstreamConnectMs());
        number(gen, "upstream_header_ms", r.upstreamHeaderMs());
        if (r.cause() != null) {
            gen.writeStringField("cause", r.cause());
        }
        if (r.proxyStatus() != null) {
            gen.writeStringField("proxy_status", r.proxyStatus());
        }
        string(gen, "user_agent", r.userAgent());
        string(gen, "referer", r.referer());
    }

    private static void upstreamAddr(JsonGenerator gen, List<String> addresses) throws IOException {
        gen.writeFieldName("upstream_addr");
        if (addresses == null || addresses.isEmpty()) {
            gen.writeNull();
        } else if (addresses.size() == 1) {
            gen.writeString(addresses.get(0));
        } else {
            gen.writeStartArray();
            for (String address : addresses) {
                gen.writeString(address);
            }
            gen.writeEndArray();
        }
    }
}
