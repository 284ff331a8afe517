package dev.telltale.config;

/**
 * One log stream ({@code logs.access} or {@code logs.error}).
 *
 * @param target {@code stdout}, {@code stderr}, {@code off} or a file path
 * @param format {@code json}; {@code combined} for the access log; {@code nginx} for the error log
 */
public record LogConfig(String target, String format) {
    public static final LogConfig ACCESS_DEFAULT = new LogConfig("stdout", "json");
    public static final LogConfig ERROR_DEFAULT = new LogConfig("stderr", "json");

    public LogConfig {
        Checks.required("target", target);
        Checks.required("format", format);
        if (target.isBlank()) {
            throw new IllegalArgumentException("target: \"\" (expected: stdout, stderr, off or a file path)");
        }
    }

    public boolean off() {
        return "off".equals(target);
    }
}
