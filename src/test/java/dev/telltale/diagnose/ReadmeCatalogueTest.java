package dev.telltale.diagnose;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's cause catalogue is checked against the enums, so it cannot drift from the code. */
class ReadmeCatalogueTest {
    /** Which proxy statuses each cause is classified with (FailureClassifier's contract). */
    private static final Map<Cause, Set<ProxyStatus>> STATUSES = new EnumMap<>(Map.of(
            Cause.REFUSED, EnumSet.of(ProxyStatus.CONNECTION_REFUSED),
            Cause.TIMEOUT, EnumSet.of(ProxyStatus.CONNECTION_TIMEOUT, ProxyStatus.CONNECTION_WRITE_TIMEOUT,
                    ProxyStatus.CONNECTION_READ_TIMEOUT),
            Cause.RESET, EnumSet.of(ProxyStatus.CONNECTION_TERMINATED, ProxyStatus.HTTP_RESPONSE_INCOMPLETE),
            Cause.MALFORMED, EnumSet.of(ProxyStatus.HTTP_PROTOCOL_ERROR, ProxyStatus.HTTP_RESPONSE_HEADER_SECTION_SIZE,
                    ProxyStatus.HTTP_RESPONSE_TRANSFER_CODING, ProxyStatus.HTTP_RESPONSE_INCOMPLETE),
            Cause.DNS, EnumSet.of(ProxyStatus.DNS_ERROR, ProxyStatus.DNS_TIMEOUT),
            Cause.UNREACHABLE, EnumSet.of(ProxyStatus.DESTINATION_IP_UNROUTABLE),
            Cause.TLS, EnumSet.of(ProxyStatus.TLS_PROTOCOL_ERROR, ProxyStatus.TLS_CERTIFICATE_ERROR,
                    ProxyStatus.TLS_ALERT_RECEIVED),
            Cause.NO_LIVE_UPSTREAM, EnumSet.of(ProxyStatus.DESTINATION_UNAVAILABLE),
            Cause.OVERLOADED, EnumSet.of(ProxyStatus.CONNECTION_LIMIT_REACHED, ProxyStatus.PROXY_INTERNAL_ERROR)));

    private static Map<String, String> entries() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Cause catalogue");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a cause catalogue").isPositive();
        String section = readme.substring(start, end);
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        String[] parts = section.split("\n### ");
        for (int i = 1; i < parts.length; i++) {
            String heading = parts[i].substring(0, parts[i].indexOf('\n')).trim();
            entries.put(heading, parts[i]);
        }
        return entries;
    }

    @Test
    void catalogue_hasOneEntryPerCauseInEnumOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Cause c : Cause.values()) {
            expected.add("`" + c.wireName() + "`");
        }
        assertThat(entries().keySet()).containsExactlyElementsOf(expected);
    }

    @Test
    void everyEntry_namesItsTitleAndProxyStatuses() throws Exception {
        Map<String, String> entries = entries();
        for (Cause c : Cause.values()) {
            String entry = entries.get("`" + c.wireName() + "`");
            assertThat(entry).as(c.wireName()).contains(c.title());
            for (ProxyStatus ps : STATUSES.get(c)) {
                assertThat(entry).as(c.wireName()).contains("`" + ps.wireName() + "`");
            }
        }
    }

    @Test
    void everyProxyStatus_belongsToACause() {
        Set<ProxyStatus> covered = EnumSet.noneOf(ProxyStatus.class);
        STATUSES.values().forEach(covered::addAll);
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(ProxyStatus.values()));
    }
}
