package dev.telltale.log;

import dev.telltale.config.LogConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The error log ({@code logs.error}): one line per failed upstream attempt ({@code upstream_error},
 * DESIGN §4.3) and one per other operational event the operator should see in the same stream
 * (health changes, reloads, listener errors), {@code json} (see {@link JsonErrorEncoder}) or
 * {@code nginx} (see {@link NginxErrorEncoder}).
 *
 * <p>Calls are safe from a Netty event loop: they queue an immutable record for a dedicated
 * writer thread and never block; when that thread falls behind, lines are dropped and counted
 * ({@link #dropped()}). These lines bypass Logback for the reasons given on {@link AccessLog}.
 */
public final class ErrorLog extends LineLog<ErrorEntry> {
    /** nginx's error log levels, lowest first. */
    public static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warn", "error", "crit", "alert",
            "emerg");
    private static final Set<String> RESERVED = Set.of("ts", "level", "event");

    ErrorLog(LogSink<ErrorEntry> sink) {
        super(sink);
    }

    /**
     * Opens the error log that {@code config} describes and starts its writer thread.
     *
     * @throws IllegalArgumentException when the format is unknown or the target file cannot be opened
     *                                  ({@code logs.error.target: /x/y: cannot open: Permission denied})
     */
    public static ErrorLog open(LogConfig config) {
        return new ErrorLog(LogSink.open("logs.error", config.target(), encoder(config.format())));
    }

    static LineEncoder<ErrorEntry> encoder(String format) {
        switch (format) {
            case "json":
                return new JsonErrorEncoder();
            case "nginx":
                return new NginxErrorEncoder();
            default:
                throw new IllegalArgumentException("logs.error.format: " + format + " (expected: json or nginx)");
        }
    }


    /** Queues the line for one failed upstream attempt; never blocks, never does I/O. */
    public void upstreamError(UpstreamErrorRecord record) {
        offer(record);
    }

    /**
     * Queues a structured event, timestamped now. Never blocks; it copies {@code fields} (keeping
     * its iteration order), so the caller may reuse the map.
     *
     * @param event  the event's name, e.g. {@code health_change}, {@code reload}
     * @param level  one of {@link #LEVELS}
     * @param fields String, Number, Boolean, {@code null} or List values ({@code null} map: none);
     *               the keys {@code ts}, {@code level} and {@code event} are reserved and skipped
     * @throws IllegalArgumentException when {@code level} is not one of {@link #LEVELS}
     */
    public void event(String event, String level, Map<String, Object> fields) {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level: " + level + " (expected: one of " + LEVELS + ")");
        }
        if (!enabled()) {
            return;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        (fields == null ? Map.<String, Object>of() : fields).forEach((key, value) -> {
            if (!RESERVED.contains(key)) {
                copy.put(key, value instanceof List ? Collections.unmodifiableList(new ArrayList<>((List<?>) value))
                        : value);
            }
        });
        offer(new ErrorEvent(System.currentTimeMillis(), event, level, Collections.unmodifiableMap(copy)));
    }
}
