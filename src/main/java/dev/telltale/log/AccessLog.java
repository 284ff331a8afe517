package dev.telltale.log;

import dev.telltale.config.LogConfig;

/**
 * The access log ({@code logs.access}): one line per finished downstream request, {@code json}
 * (see {@link JsonAccessEncoder}) or nginx's {@code combined} (see {@link CombinedAccessEncoder}).
 *
 * <p>{@link #log} is safe to call from a Netty event loop: it only queues the immutable record;
 * a dedicated writer thread encodes and writes it. When the writer falls behind by
 * {@value LogSink#DEFAULT_CAPACITY} lines, new lines are dropped and counted ({@link #dropped()}),
 * never waited for.
 *
 * <p>Why not Logback: these lines are data for machines. Writing them with our own
 * {@code JsonGenerator} fixes the field order and the JSON types ({@code status} a number,
 * {@code upstream_addr} a string or an array, absent values {@code null}), keeps encoding off the
 * event loop (Logback's layouts run in the caller), and costs no MDC maps, no varargs formatting
 * and no reflection per line. Logback stays for the process's own operational messages.
 */
public final class AccessLog extends LineLog<AccessRecord> {
    AccessLog(LogSink<AccessRecord> sink) {
        super(sink);
    }

    /**
     * Opens the access log that {@code config} describes and starts its writer thread.
     *
     * @throws IllegalArgumentException when the format is unknown or the target file cannot be opened
     *                                  ({@code logs.access.target: /x/y: cannot open: Permission denied})
     */
    public static AccessLog open(LogConfig config) {
        return new AccessLog(LogSink.open("logs.access", config.target(), encoder(config.format())));
    }

    static LineEncoder<AccessRecord> encoder(String format) {
        switch (format) {
            case "json":
                return new JsonAccessEncoder();
            case "combined":
                return new CombinedAccessEncoder();
            default:
                throw new IllegalArgumentException("logs.access.format: " + format + " (expected: json or combined)");
        }
    }


    /** Queues one line; never blocks, never does I/O. */
    public void log(AccessRecord record) {
        offer(record);
    }
}
