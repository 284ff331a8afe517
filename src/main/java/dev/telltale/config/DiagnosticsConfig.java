package dev.telltale.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code diagnostics} section.
 *
 * @param detail           how much a diagnostic page says
 * @param trusted          clients that get {@code full} detail when {@code detail} is {@code safe}
 * @param timeoutStatus    status for timeouts: 502 or 504
 * @param reportMaxEntries how many reports {@code /reports/{id}} keeps
 * @param reportTtl        how long a report is kept
 */
public record DiagnosticsConfig(DetailLevel detail, List<Cidr> trusted, int timeoutStatus,
                                int reportMaxEntries, Duration reportTtl) {
    public static final DiagnosticsConfig DEFAULT = new DiagnosticsConfig(DetailLevel.SAFE,
            List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), 502, 10_000, Duration.ofMinutes(15));

    public DiagnosticsConfig {
        Checks.required("detail", detail);
        trusted = List.copyOf(Checks.required("trusted", trusted));
        if (timeoutStatus != 502 && timeoutStatus != 504) {
            throw new IllegalArgumentException("timeout_status: " + timeoutStatus + " (expected: 502 or 504)");
        }
        Checks.range("reports.max_entries", reportMaxEntries, 0, 10_000_000);
        Checks.positive("reports.ttl", reportTtl);
    }
}
