package dev.telltale.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Variables in config values are checked when the file is loaded, with the value's line and column. */
class TemplateConfigTest {

    private static ConfigException load(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml"));
    }

    @Test
    void unknownVariableInReturnLocation_isAnErrorAtTheValue() {
        ConfigException e = load("""
                routes:
                  - match: { path_prefix: /old/ }
                    return: { status: 301, location: "https://$hots$request_uri" }
                """);
        assertThat(e.errors()).hasSize(1);
        ConfigError err = e.errors().get(0);
        assertThat(err.toString()).startsWith("t.yaml:3:38: routes.0.return.location: https://$hots$request_uri "
                + "(expected: a known variable, not $hots at column 9: one of $host,");
    }

    @Test
    void unknownVariableInRequestHeaderSet_isAnErrorAtThatHeader() {
        ConfigException e = load("""
                upstreams:
                  app: { servers: [http://127.0.0.1:3000] }
                routes:
                  - upstream: app
                    headers:
                      request:
                        set:
                          X-Real-IP: $remote_adr
                """);
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
                "t.yaml:8:22: routes.0.headers.request.set.X-Real-IP: $remote_adr (expected: a known variable, "
                        + "not $remote_adr at column 1: one of " + String.join(", ", Variable.NAMES) + ")");
    }

    @Test
    void unknownVariableInTryFilesAndAddHeader_areBothReported() {
        ConfigException e = load("""
                routes:
                  - static: { root: /srv, try_files: [$url, /index.html] }
                    headers:
                      response:
                        add: [{ name: X-Id, value: "$request_idd" }]
                """);
        assertThat(e.errors()).hasSize(2);
        assertThat(e.errors()).extracting(ConfigError::toString).anySatisfy(s ->
                assertThat(s).startsWith("t.yaml:2:38: routes.0.static.try_files: $url (expected: a known variable"));
        assertThat(e.errors()).extracting(ConfigError::toString).anySatisfy(s ->
                assertThat(s).startsWith("t.yaml:5:36: routes.0.headers.response.add.0.value: $request_idd"));
    }

    @Test
    void knownVariables_load() throws ConfigException {
        Config c = ConfigLoader.parse("""
                upstreams:
                  app: { servers: [http://127.0.0.1:3000] }
                routes:
                  - upstream: app
                    headers:
                      request:
                        set: { X-Real-IP: $remote_addr, X-Host: "${host}", X-Id: $request_id, X-P: $scheme,
                               X-F: $http_x_forwarded_for }
                """, "t.yaml");
        assertThat(c.routes().get(0).requestHeaders().set()).containsEntry("X-Real-IP", "$remote_addr");
    }
}
