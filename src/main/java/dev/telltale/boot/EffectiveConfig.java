package dev.telltale.boot;

import dev.telltale.config.Config;
import dev.telltale.config.Durations;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.LogConfig;
import dev.telltale.config.PathMatch;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The running config as nested maps with the YAML's keys and spellings, for {@code /api/config}. */
final class EffectiveConfig {
    private EffectiveConfig() {
    }

    static Map<String, Object> of(Config c) {
        Map<String, Object> root = new LinkedHashMap<>();
        var s = c.server();
        var l = s.limits();
        root.put("server", map(
                "listen", s.listen().stream().map(Object::toString).toList(),
                "workers", s.workers() == 0 ? "auto" : s.workers(),
                "shutdown_grace", Durations.format(s.shutdownGrace()),
                "limits", map("max_header_bytes", Sizes.format(l.maxHeaderBytes()),
                        "max_body_bytes", Sizes.format(l.maxBodyBytes()),
                        "client_header_timeout", Durations.format(l.clientHeaderTimeout()),
                        "client_idle_timeout", Durations.format(l.clientIdleTimeout()),
                        "max_connections", l.maxConnections()),
                "resolver", map("servers", s.resolver().servers().stream().map(Object::toString).toList(),
                        "timeout", Durations.format(s.resolver().timeout()))));
        root.put("admin", map("listen", c.admin().listen() == null ? "off" : c.admin().listen().toString(),
                "token", c.admin().token() == null ? null : "<redacted>"));
        var d = c.diagnostics();
        root.put("diagnostics", map("detail", d.detail().wireName(),
                "trusted", d.trusted().stream().map(Object::toString).toList(),
                "timeout_status", d.timeoutStatus(),
                "reports", map("max_entries", d.reportMaxEntries(), "ttl", Durations.format(d.reportTtl()))));
        root.put("logs", map("access", log(c.logs().access()), "error", log(c.logs().error())));
        Map<String, Object> ups = new LinkedHashMap<>();
        c.upstreams().forEach((name, u) -> ups.put(name, upstream(u)));
        root.put("upstreams", ups);
        List<Object> routes = new ArrayList<>();
        for (RouteConfig r : c.routes()) {
            routes.add(map("name", r.name(), "match", match(r),
                    "upstream", r.upstream(), "strip_prefix", r.stripPrefix(), "add_prefix", r.addPrefix(),
                    "preserve_host", r.preserveHost(),
                    "timeouts", timeouts(r.timeouts()),
                    "return", r.returns() == null ? null : map("status", r.returns().status(),
                            "location", r.returns().location(), "body", r.returns().body(),
                            "content_type", r.returns().contentType()),
                    "static", r.files() == null ? null : map("root", r.files().root(), "alias", r.files().alias(),
                            "index", r.files().index(), "try_files", r.files().tryFiles()),
                    "error_pages", r.errorPages().stream().map(e -> map("status", e.statuses(), "uri", e.uri(),
                            "code", e.code())).toList(),
                    "headers", map("request", headers(r.requestHeaders()),
                            "response", responseHeaders(r.responseHeaders()))));
        }
        root.put("routes", routes);
        return root;
    }

    private static Map<String, Object> upstream(UpstreamConfig u) {
        List<Object> servers = new ArrayList<>();
        for (UpstreamServer s : u.servers()) {
            servers.add(map("url", s.url(), "weight", s.weight(), "backup", s.backup()));
        }
        return map("servers", servers, "balance", u.balance().wireName(), "timeouts", timeouts(u.timeouts()),
                "keepalive", map("max_idle", u.keepalive().maxIdle(),
                        "idle_timeout", Durations.format(u.keepalive().idleTimeout())),
                "passive_health", map("max_fails", u.passiveHealth().maxFails(),
                        "fail_timeout", Durations.format(u.passiveHealth().failTimeout())),
                "health_check", u.healthCheck() == null ? null : map("path", u.healthCheck().path(),
                        "interval", Durations.format(u.healthCheck().interval()),
                        "timeout", Durations.format(u.healthCheck().timeout()),
                        "expect_status", u.healthCheck().expectStatus().toString(),
                        "healthy_after", u.healthCheck().healthyAfter(),
                        "unhealthy_after", u.healthCheck().unhealthyAfter()),
                "retry", map("tries", u.retry().tries(), "budget", Durations.format(u.retry().budget())));
    }

    private static Map<String, Object> timeouts(Timeouts t) {
        return map("connect", t.connect() == null ? null : Durations.format(t.connect()),
                "send", t.send() == null ? null : Durations.format(t.send()),
                "read", t.read() == null ? null : Durations.format(t.read()));
    }

    /** Only the path key the route uses, with its flag; {@code null} for a route reached by name alone. */
    private static Map<String, Object> match(RouteConfig r) {
        PathMatch p = r.path();
        if (p == null) {
            return null;
        }
        Map<String, Object> m = map("host", r.host(), "listen", r.listen() == null ? null : r.listen().toString());
        switch (p.kind()) {
            case PREFIX -> {
                m.put("path_prefix", p.value());
                m.put("skip_regex", p.skipRegex());
            }
            case EXACT -> m.put("path", p.value());
            case REGEX -> {
                m.put("path_regex", p.value());
                m.put("ignore_case", p.ignoreCase());
            }
        }
        return m;
    }

    private static Map<String, Object> responseHeaders(HeaderRules h) {
        Map<String, Object> m = headers(h);
        m.put("add", h.add().stream().map(a -> map("name", a.name(), "value", a.value(), "always", a.always()))
                .toList());
        return m;
    }

    private static Map<String, Object> headers(HeaderRules h) {
        return map("set", h.set(), "remove", h.remove());
    }

    private static Map<String, Object> log(LogConfig l) {
        return map("target", l.target(), "format", l.format());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
