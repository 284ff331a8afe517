package dev.telltale.config;

/** The {@code logs} section. */
public record LogsConfig(LogConfig access, LogConfig error) {
    public static final LogsConfig DEFAULT = new LogsConfig(LogConfig.ACCESS_DEFAULT, LogConfig.ERROR_DEFAULT);

    public LogsConfig {
        Checks.required("access", access);
        Checks.required("error", error);
        if (!access.format().equals("json") && !access.format().equals("combined")) {
            throw new IllegalArgumentException("access.format: " + access.format() + " (expected: json or combined)");
        }
        if (!error.format().equals("json") && !error.format().equals("nginx")) {
            throw new IllegalArgumentException("error.format: " + error.format() + " (expected: json or nginx)");
        }
    }
}
