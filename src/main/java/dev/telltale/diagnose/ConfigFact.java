package dev.telltale.diagnose;

/**
 * A configured value that bears on a failure: {@code upstreams.app.timeouts.read = 1s
 * (conf/telltale.yaml:23)}.
 *
 * @param origin {@code FILE:LINE}, or {@code null} when the value is a default
 */
public record ConfigFact(String key, String value, String origin) {
    @Override
    public String toString() {
        return key + " = " + value + (origin == null ? " (default)" : " (" + origin + ")");
    }
}
