package dev.telltale.nginx;

import dev.telltale.config.Limits;
import dev.telltale.config.LogConfig;
import dev.telltale.config.LogsConfig;
import dev.telltale.nginx.Note.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What nginx sets per {@code http}/{@code server}/{@code location} but Telltale has once for the
 * whole process: client limits and logs. Limits take nginx's defaults when the file is silent
 * ({@code client_max_body_size 1m}, {@code client_header_timeout 60s}, {@code keepalive_timeout
 * 75s}, {@code large_client_header_buffers 4 8k}); where levels disagree, the largest value is
 * used and the others are noted.
 */
final class Globals {
    static final long NGINX_MAX_BODY = 1L << 20;
    static final Duration NGINX_HEADER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration NGINX_KEEPALIVE_TIMEOUT = Duration.ofSeconds(75);
    static final long NGINX_HEADER_BUFFERS = 4 * 8 * 1024;

    private final NginxConverter.Sink sink;
    private final List<Directive> accessLogs = new ArrayList<>();
    private final List<Directive> errorLogs = new ArrayList<>();

    Globals(NginxConverter.Sink sink) {
        this.sink = sink;
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
            if (d.args().size() > 1 && !d.arg(1).equals("combined")) {
                sink.note(d, Severity.APPROXIMATED, "access_log format " + d.arg(1) + ": Telltale writes the combined "
                        + "format");
            }
            if (d.args().size() > 2) {
                sink.note(d, Severity.DROPPED, "access_log " + String.join(" ", d.args().subList(2, d.args().size()))
                        + ": not supported");
            }
            access = new LogConfig(target, "combined");
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

    private static String target(String path) {
        return switch (path) {
            case "/dev/stdout" -> "stdout";
            case "/dev/stderr", "stderr" -> "stderr";
            default -> path;
        };
    }
}
