package dev.telltale.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.telltale.diagnose.Report;
import dev.telltale.metrics.ProxyMetrics;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The admin plane's endpoints, one method each; run on Undertow worker threads. */
final class AdminApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final String REDACTED = "<redacted>";
    /** Config keys whose values never leave the process. */
    private static final Set<String> SECRET_KEYS = Set.of("token", "password", "secret");

    private final AdminSources sources;

    AdminApi(AdminSources sources) {
        this.sources = sources;
    }

    void dashboard(HttpServerExchange ex) {
        Responses.html(ex, Dashboard.render(sources, Instant.now()));
    }

    void metrics(HttpServerExchange ex) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        sources.metrics().writePrometheus(out);
        Responses.send(ex, 200, ProxyMetrics.prometheusContentType(), out.toByteArray());
    }

    void healthz(HttpServerExchange ex) {
        Responses.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("status", "up");
            g.writeEndObject();
        });
    }

    void readyz(HttpServerExchange ex) {
        boolean ready = sources.ready();
        String reason = ready ? null : Optional.ofNullable(sources.notReadyReason()).orElse("not ready");
        Responses.json(ex, ready ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeBooleanField("ready", ready);
            g.writeStringField("reason", reason);
            g.writeEndObject();
        });
    }

    void upstreams(HttpServerExchange ex) {
        List<UpstreamStatus> list = sources.upstreams();
        ProxyMetrics metrics = sources.metrics();
        Responses.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("upstreams");
            for (UpstreamStatus u : list) {
                g.writeStartObject();
                g.writeStringField("name", u.name());
                g.writeArrayFieldStart("servers");
                for (UpstreamStatus.Server s : u.servers()) {
                    g.writeStartObject();
                    g.writeStringField("url", s.url());
                    g.writeStringField("state", s.state());
                    passive(g, s.passive());
                    active(g, s.active());
                    if (s.lastSuccessAt() == null) {
                        g.writeNullField("last_success");
                    } else {
                        g.writeObjectFieldStart("last_success");
                        g.writeStringField("at", text(s.lastSuccessAt()));
                        g.writeEndObject();
                    }
                    if (s.lastFailureCause() == null) {
                        g.writeNullField("last_failure");
                    } else {
                        g.writeObjectFieldStart("last_failure");
                        g.writeStringField("cause", s.lastFailureCause());
                        g.writeStringField("at", text(s.lastFailureAt()));
                        g.writeEndObject();
                    }
                    counts(g, "recent_failures", s.recentFailures());
                    g.writeStringField("summary", s.summary());
                    g.writeEndObject();
                }
                g.writeEndArray();
                counts(g, "failures_by_cause", metrics.failuresByCause(u.name()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void failures(HttpServerExchange ex) {
        Deque<String> param = ex.getQueryParameters().get("limit");
        int limit = DEFAULT_LIMIT;
        if (param != null && !param.isEmpty()) {
            String text = param.getFirst();
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                Responses.error(ex, 400, "bad_request", "limit: " + text + " (expected: 1.." + MAX_LIMIT + ")");
                return;
            }
        }
        List<Report> reports = sources.recentFailures(limit);
        Responses.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("failures");
            for (Report r : reports) {
                ReportJson.writeSummary(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void report(HttpServerExchange ex) {
        String id = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("request_id");
        Optional<Report> report = sources.report(id);
        if (report.isEmpty()) {
            Responses.error(ex, 404, "not_found", "no report for request id " + id
                    + " (reports are kept for diagnostics.reports.ttl, up to diagnostics.reports.max_entries)");
            return;
        }
        Responses.json(ex, 200, g -> ReportJson.write(g, report.get()));
    }

    void config(HttpServerExchange ex) {
        Map<String, Object> config = sources.effectiveConfig();
        Responses.json(ex, 200, g -> writeValue(g, config));
    }

    void reload(HttpServerExchange ex) {
        ReloadResult result = sources.reload();
        Responses.json(ex, result.ok() ? 200 : 422, g -> {
            g.writeStartObject();
            g.writeBooleanField("ok", result.ok());
            g.writeArrayFieldStart("errors");
            for (String e : result.errors()) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void drain(HttpServerExchange ex) {
        // Drain after the answer went out: draining may stop listeners, and the caller wants its 202.
        ex.addExchangeCompleteListener((done, next) -> {
            try {
                next.proceed();
            } finally {
                sources.drain();
            }
        });
        Responses.json(ex, 202, g -> {
            g.writeStartObject();
            g.writeBooleanField("draining", true);
            g.writeEndObject();
        });
    }

    private static void passive(JsonGenerator g, UpstreamStatus.Passive p) throws IOException {
        g.writeObjectFieldStart("passive");
        g.writeBooleanField("up", p.up());
        g.writeStringField("down_cause", p.downCause());
        g.writeStringField("down_since", text(p.downSince()));
        g.writeStringField("retry_at", text(p.retryAt()));
        g.writeEndObject();
    }

    /** {@code "active": null} when the upstream has no {@code health_check}. */
    private static void active(JsonGenerator g, UpstreamStatus.Active a) throws IOException {
        if (a == null) {
            g.writeNullField("active");
            return;
        }
        g.writeObjectFieldStart("active");
        g.writeBooleanField("up", a.up());
        g.writeStringField("changed_at", text(a.changedAt()));
        UpstreamStatus.Check c = a.lastCheck();
        if (c == null) {
            g.writeNullField("last_check");
        } else {
            g.writeObjectFieldStart("last_check");
            g.writeStringField("at", text(c.at()));
            g.writeBooleanField("ok", c.ok());
            g.writeStringField("cause", c.cause());
            g.writeStringField("reason", c.reason());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void counts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Maps, iterables and scalars as JSON; secret keys' values as {@value #REDACTED}. */
    static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                g.writeFieldName(key);
                if (e.getValue() != null && SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                    g.writeString(REDACTED);
                } else {
                    writeValue(g, e.getValue());
                }
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(value.toString());
        }
    }
}
