package dev.telltale.nginx;

import dev.telltale.config.Limits;
import dev.telltale.config.LogConfig;
import dev.telltale.config.LogsConfig;
import dev.telltale.nginx.Note.Severity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What nginx sets per {@code http}/{@code server}/{@code location} but Telltale has once for the
 * whole process: client limits and logs. Limits take nginx's defaults when the file is silent
 * ({@code client_max_body_size 1m}, {@code client_header_timeout 60s}, {@code keepalive_timeout
 * 75s}, {@code large_client_header_buffers 4 8k}); where levels disagree, the largest value is
 * used and the others are noted. Logs name nginx's {@code combined} format or a
 * {@code log_format}; relative paths are resolved against the prefix.
 */
final class Globals {
    static final long NGINX_MAX_BODY = 1L << 20;
    static final Duration NGINX_HEADER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration NGINX_KEEPALIVE_TIMEOUT = Duration.ofSeconds(75);
    static final long NGINX_HEADER_BUFFERS = 4 * 8 * 1024;

    /** The variables of nginx's predefined {@code combined} format, which Telltale writes. */
    private static final Set<String> COMBINED = Set.of("remote_addr", "remote_user", "time_local", "request",
            "status", "body_bytes_sent", "http_referer", "http_user_agent");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z0-9_]+)");

    private final NginxConverter.Sink sink;
    private final Path prefix;
    private final List<Directive> accessLogs = new ArrayList<>();
    private final List<Directive> errorLogs = new ArrayList<>();
    private final Map<String, Directive> formats = new LinkedHashMap<>();

    Globals(NginxConverter.Sink sink, Path prefix) {
        this.sink = sink;
        this.prefix = prefix;
    }

    void logFormat(Directive d) {
        if (d.arg(0).equals("combined") || formats.putIfAbsent(d.arg(0), d) != null) {
            sink.error(d, "duplicate \"log_format\" name \"" + d.arg(0) + "\"");
        }
    }

    void accessLog(Directive d) {
        accessLogs.add(d);
    }

    void errorLog(Directive d) {
        errorLogs.add(d);
    }

    Limits limits(List<NginxConverter.ServerBlock> servers) {
        List<Directive> body = new ArrayList<>();
        List<Directive> idle = new ArrayList<>();
        List<Directive> head = new ArrayList<>();
        List<Directive> buffers = new ArrayList<>();
        for (var s : servers) {
            head.add(s.scope().headerTimeout);
            buffers.add(s.scope().headerBuffers);
            for (var loc : s.locations()) {
                body.add(loc.scope().maxBody);
                idle.add(loc.scope().keepaliveTimeout);
            }
        }
        long maxBody = largest(body, d -> sink.size(d, d.arg(0), NGINX_MAX_BODY), NGINX_MAX_BODY,
                v -> v == 0 ? Long.MAX_VALUE : v);
        Duration headerTimeout = largest(head, d -> sink.time(d, d.arg(0), NGINX_HEADER_TIMEOUT),
                NGINX_HEADER_TIMEOUT, Duration::toMillis);
        Duration idleTimeout = largest(idle, this::keepalive, NGINX_KEEPALIVE_TIMEOUT, Duration::toMillis);
        long headerBytes = largest(buffers, this::headerBuffers, NGINX_HEADER_BUFFERS, v -> v);
        return new Limits(headerBytes, maxBody, headerTimeout, idleTimeout, Limits.DEFAULT.maxConnections());
    }

    private Duration keepalive(Directive d) {
        Duration t = sink.time(d, d.arg(0), NGINX_KEEPALIVE_TIMEOUT);
        if (d.args().size() > 1) {
            sink.note(d, Severity.DROPPED, "keepalive_timeout " + d.arg(1) + ": Telltale sends no Keep-Alive header");
        }
        if (t.isZero()) {
            sink.note(d, Severity.APPROXIMATED, "keepalive_timeout 0: Telltale always allows keep-alive; using "
                    + NGINX_KEEPALIVE_TIMEOUT.toSeconds() + "s");
            return NGINX_KEEPALIVE_TIMEOUT;
        }
        return t;
    }

    private long headerBuffers(Directive d) {
        int n = sink.integer(d, d.arg(0), 1, 1024);
        long size = sink.size(d, d.arg(1), 8 * 1024);
        long total = Math.max(1024, Math.min(1024 * 1024, n * size));
        sink.note(d, Severity.APPROXIMATED, "large_client_header_buffers " + d.arg(0) + " " + d.arg(1)
                + ": Telltale limits the whole request head to " + total + " bytes; nginx limits each line to "
                + size);
        return total;
    }

    /** The largest value set at any level (or the default); the others are noted. */
    private <T> T largest(List<Directive> at, Function<Directive, T> parse, T fallback,
                          Function<T, ? extends Comparable<?>> key) {
        T best = null;
        Directive bestAt = null;
        List<Directive> distinct = new ArrayList<>();
        List<T> values = new ArrayList<>();
        for (Directive d : at) {
            if (distinct.stream().anyMatch(x -> x == d)) {
                continue;
            }
            distinct.add(d);
            T v = d == null ? fallback : parse.apply(d);
            values.add(v);
            if (best == null || compare(key.apply(v), key.apply(best)) > 0) {
                best = v;
                bestAt = d;
            }
        }
        if (best == null) {
            return fallback;
        }
        for (int i = 0; i < distinct.size(); i++) {
            Directive d = distinct.get(i);
            if (d != null && d != bestAt && !values.get(i).equals(best)) {
                sink.note(d, Severity.APPROXIMATED, d.name() + " " + d.arg(0) + ": Telltale has one value for every "
                        + "server and location; using the largest, " + (bestAt == null ? "nginx's default"
                        : bestAt.arg(0) + " from line " + bestAt.line()));
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    LogsConfig logs() {
        LogConfig access = LogConfig.ACCESS_DEFAULT;
        if (!accessLogs.isEmpty()) {
            Directive d = accessLogs.get(0);
            String target = target(d.arg(0));
            if (d.args().size() > 2) {
                sink.note(d, Severity.DROPPED, "access_log " + String.join(" ", d.args().subList(2, d.args().size()))
                        + ": not supported");
            }
            access = new LogConfig(target, d.args().size() > 1 ? format(d, d.arg(1)) : "combined");
            others(accessLogs, "access");
        }
        LogConfig error = LogConfig.ERROR_DEFAULT;
        if (!errorLogs.isEmpty()) {
            Directive d = errorLogs.get(0);
            if (d.args().size() > 1) {
                sink.note(d, Severity.APPROXIMATED, "error_log level " + d.arg(1) + ": Telltale logs upstream "
                        + "errors and its own notices");
            }
            error = new LogConfig(target(d.arg(0)), "nginx");
            others(errorLogs, "error");
        }
        return new LogsConfig(access, error);
    }

    private void others(List<Directive> logs, String kind) {
        for (Directive d : logs.subList(1, logs.size())) {
            if (!d.args().equals(logs.get(0).args())) {
                sink.note(d, Severity.APPROXIMATED, d.name() + " " + d.arg(0) + ": Telltale has one " + kind
                        + " log; using the one from line " + logs.get(0).line());
            }
        }
    }

    /**
     * The Telltale format for a named nginx one: {@code combined} for nginx's predefined format and
     * for text formats (the variables it does not have are noted), {@code json} for
     * {@code escape=json} formats (Telltale's own fields, noted).
     */
    private String format(Directive at, String name) {
        if (name.equals("combined")) {
            return "combined";
        }
        Directive f = formats.get(name);
        if (f == null) {
            sink.error(at, "unknown log format \"" + name + "\"");
            return "combined";
        }
        List<String> parts = f.args().subList(1, f.args().size());
        boolean json = !parts.isEmpty() && parts.get(0).equals("escape=json");
        Set<String> extra = new TreeSet<>();
        Matcher m = VARIABLE.matcher(String.join("", parts));
        while (m.find()) {
            if (!COMBINED.contains(m.group(1))) {
                extra.add("$" + m.group(1));
            }
        }
        if (json) {
            sink.note(f, Severity.APPROXIMATED, "log_format " + name + " escape=json: Telltale writes its own JSON "
                    + "access records (client, method, uri, status, bytes, duration, request_id, route, upstream, ...)");
            return "json";
        }
        if (!extra.isEmpty()) {
            sink.note(f, Severity.APPROXIMATED, "log_format " + name + ": written as nginx's combined format; "
                    + String.join(", ", extra) + " not logged");
        }
        return "combined";
    }

    /** A log path as Telltale names it: stdout, stderr, off, or a file resolved against the prefix. */
    private String target(String path) {
        return switch (path) {
            case "/dev/stdout" -> "stdout";
            case "/dev/stderr", "stderr" -> "stderr";
            case "off" -> "off";
            default -> prefix.resolve(path).normalize().toString();
        };
    }
}
