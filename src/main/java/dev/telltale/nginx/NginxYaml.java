package dev.telltale.nginx;

import dev.telltale.config.Config;
import dev.telltale.config.Durations;
import dev.telltale.config.ErrorPage;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.Limits;
import dev.telltale.config.LogConfig;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.Sizes;
import dev.telltale.config.StaticConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a converted config as {@code telltale.yaml} text, headed by one {@code # line N: ...}
 * comment per note. Every value that nginx's defaults set differently from Telltale's is
 * written out, so loading the text with {@code ConfigLoader} gives back an equal {@link Config}
 * (apart from {@link Config#origins()}).
 */
public final class NginxYaml {
    private NginxYaml() {
    }

    public static String write(NginxConversion conversion, String source) {
        Config c = conversion.config();
        StringBuilder y = new StringBuilder();
        y.append("# Converted from ").append(source).append(" by telltale nginx-convert.\n");
        if (!conversion.notes().isEmpty()) {
            y.append("# What does not carry over exactly:\n");
            List<Note> sorted = conversion.notes().stream().sorted(java.util.Comparator
                    .comparing((Note n) -> !n.file().equals(source)).thenComparing(Note::file)
                    .thenComparingInt(Note::line)).toList();
            for (Note n : sorted) {
                String place = n.file().equals(source) ? "line " + n.line() : n.file() + " line " + n.line();
                y.append("# ").append(n.line() > 0 ? place + ": " : "").append(n.severity().wireName()).append(": ")
                        .append(n.message().replace('\n', ' ')).append('\n');
            }
        }
        Limits l = c.server().limits();
        y.append("server:\n");
        y.append("  listen: [").append(c.server().listen().stream().map(a -> q(a.toString()))
                .collect(Collectors.joining(", "))).append("]\n");
        y.append("  limits:\n");
        y.append("    max_header_bytes: ").append(Sizes.format(l.maxHeaderBytes())).append('\n');
        y.append("    max_body_bytes: ").append(Sizes.format(l.maxBodyBytes())).append('\n');
        y.append("    client_header_timeout: ").append(Durations.format(l.clientHeaderTimeout())).append('\n');
        y.append("    client_idle_timeout: ").append(Durations.format(l.clientIdleTimeout())).append('\n');
        y.append("diagnostics:\n  detail: ").append(c.diagnostics().detail().wireName()).append('\n');
        y.append("logs:\n");
        y.append("  access: ").append(log(c.logs().access())).append('\n');
        y.append("  error: ").append(log(c.logs().error())).append('\n');
        y.append("upstreams:\n");
        for (UpstreamConfig u : c.upstreams().values()) {
            upstream(y, u);
        }
        y.append("routes:\n");
        for (RouteConfig r : c.routes()) {
            route(y, r);
        }
        return y.toString();
    }

    private static String log(LogConfig log) {
        return "{ target: " + q(log.target()) + ", format: " + log.format() + " }";
    }

    private static void upstream(StringBuilder y, UpstreamConfig u) {
        y.append("  ").append(q(u.name())).append(":\n");
        y.append("    servers:\n");
        for (UpstreamServer s : u.servers()) {
            y.append("      - { url: ").append(q(s.url())).append(", weight: ").append(s.weight())
                    .append(", backup: ").append(s.backup()).append(" }\n");
        }
        y.append("    balance: ").append(u.balance().wireName()).append('\n');
        y.append("    timeouts: ").append(timeouts(u.timeouts())).append('\n');
        y.append("    keepalive: { max_idle: ").append(u.keepalive().maxIdle()).append(", idle_timeout: ")
                .append(Durations.format(u.keepalive().idleTimeout())).append(" }\n");
        y.append("    passive_health: { max_fails: ").append(u.passiveHealth().maxFails()).append(", fail_timeout: ")
                .append(Durations.format(u.passiveHealth().failTimeout())).append(" }\n");
        y.append("    retry: { tries: ").append(u.retry().tries()).append(", budget: ")
                .append(Durations.format(u.retry().budget())).append(" }\n");
    }

    private static void route(StringBuilder y, RouteConfig r) {
        List<String> match = new ArrayList<>();
        if (r.host() != null) {
            match.add("host: " + q(r.host()));
        }
        if (r.listen() != null) {
            match.add("listen: " + q(r.listen().toString()));
        }
        PathMatch p = r.path();
        if (p != null) {
            String key = switch (p.kind()) {
                case PREFIX -> "path_prefix";
                case EXACT -> "path";
                case REGEX -> "path_regex";
            };
            match.add(key + ": " + q(p.value()));
            if (p.ignoreCase()) {
                match.add("ignore_case: true");
            }
            if (p.skipRegex()) {
                match.add("skip_regex: true");
            }
        }
        String first = "  - ";
        if (r.name() != null) {
            y.append(first).append("name: ").append(q(r.name())).append('\n');
            first = "    ";
        }
        if (p != null) {
            y.append(first).append("match: { ").append(String.join(", ", match)).append(" }\n");
        }
        if (r.upstream() != null) {
            y.append("    upstream: ").append(q(r.upstream())).append('\n');
            if (r.stripPrefix() != null) {
                y.append("    strip_prefix: ").append(q(r.stripPrefix())).append('\n');
            }
            if (r.addPrefix() != null) {
                y.append("    add_prefix: ").append(q(r.addPrefix())).append('\n');
            }
            y.append("    preserve_host: ").append(r.preserveHost()).append('\n');
        }
        if (r.returns() != null) {
            returns(y, r.returns());
        }
        if (r.files() != null) {
            files(y, r.files());
        }
        if (!r.timeouts().equals(Timeouts.NONE)) {
            y.append("    timeouts: ").append(timeouts(r.timeouts())).append('\n');
        }
        if (!r.errorPages().isEmpty()) {
            y.append("    error_pages:\n");
            for (ErrorPage e : r.errorPages()) {
                y.append("      - { status: ").append(e.statuses()).append(", uri: ").append(q(e.uri()))
                        .append(e.code() == null ? "" : ", code: " + e.code()).append(" }\n");
            }
        }
        if (!r.requestHeaders().isEmpty() || !r.responseHeaders().isEmpty()) {
            y.append("    headers:\n");
            headers(y, "request", r.requestHeaders());
            headers(y, "response", r.responseHeaders());
        }
    }

    private static void returns(StringBuilder y, ReturnConfig r) {
        List<String> parts = new ArrayList<>(List.of("status: " + r.status()));
        if (r.location() != null) {
            parts.add("location: " + q(r.location()));
        }
        if (r.body() != null) {
            parts.add("body: " + q(r.body()));
        }
        if (r.contentType() != null) {
            parts.add("content_type: " + q(r.contentType()));
        }
        y.append("    return: { ").append(String.join(", ", parts)).append(" }\n");
    }

    private static void files(StringBuilder y, StaticConfig f) {
        List<String> parts = new ArrayList<>();
        parts.add(f.root() != null ? "root: " + q(f.root()) : "alias: " + q(f.alias()));
        if (!f.index().equals(StaticConfig.DEFAULT_INDEX)) {
            parts.add("index: " + list(f.index()));
        }
        if (!f.tryFiles().isEmpty()) {
            parts.add("try_files: " + list(f.tryFiles()));
        }
        y.append("    static: { ").append(String.join(", ", parts)).append(" }\n");
    }

    private static String list(List<String> items) {
        return "[" + items.stream().map(NginxYaml::q).collect(Collectors.joining(", ")) + "]";
    }

    private static void headers(StringBuilder y, String side, HeaderRules rules) {
        if (rules.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!rules.set().isEmpty()) {
            parts.add("set: { " + rules.set().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> q(e.getKey()) + ": " + q(e.getValue())).collect(Collectors.joining(", ")) + " }");
        }
        if (!rules.remove().isEmpty()) {
            parts.add("remove: " + list(rules.remove()));
        }
        if (!rules.add().isEmpty()) {
            parts.add("add: [" + rules.add().stream().map(a -> "{ name: " + q(a.name()) + ", value: " + q(a.value())
                    + ", always: " + a.always() + " }").collect(Collectors.joining(", ")) + "]");
        }
        if (!rules.rewriteLocation().isEmpty()) {
            parts.add("rewrite_location: [" + rules.rewriteLocation().stream().map(r -> "{ from: " + q(r.from())
                    + ", to: " + q(r.to()) + " }").collect(Collectors.joining(", ")) + "]");
        }
        y.append("      ").append(side).append(": { ").append(String.join(", ", parts)).append(" }\n");
    }

    private static String timeouts(Timeouts t) {
        List<String> parts = new ArrayList<>();
        if (t.connect() != null) {
            parts.add("connect: " + Durations.format(t.connect()));
        }
        if (t.send() != null) {
            parts.add("send: " + Durations.format(t.send()));
        }
        if (t.read() != null) {
            parts.add("read: " + Durations.format(t.read()));
        }
        return "{ " + String.join(", ", parts) + " }";
    }

    /** A YAML double-quoted scalar. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
