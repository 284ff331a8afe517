package dev.telltale.boot;

import dev.telltale.config.Config;
import dev.telltale.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EffectiveConfigTest {
    private static final String YAML = """
            server: { listen: ["127.0.0.1:8080", "127.0.0.1:8443"] }
            upstreams:
              app: { servers: ["http://127.0.0.1:3000"] }
            routes:
              - name: app
                match: { host: "*.example.com", listen: "127.0.0.1:8443", path_prefix: /static/, skip_regex: true }
                upstream: app
                headers:
                  response: { add: [{ name: X-Frame-Options, value: DENY, always: true }] }
              - match: { path: /healthz }
                return: { status: 200, body: "ok" }
              - match: { path_regex: '\\.(css|js)$', ignore_case: true }
                static: { root: /srv/www, try_files: [$uri, "@app"] }
                error_pages: [{ status: [404], uri: /index.html, code: 200 }]
              - name: fallback
                upstream: app
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> route(List<Object> routes, int i) {
        return (Map<String, Object>) routes.get(i);
    }

    @Test
    @SuppressWarnings("unchecked")
    void routes_showEveryRouteKeyAsWritten() throws Exception {
        Config c = ConfigLoader.parse(YAML, "t.yaml");
        List<Object> routes = (List<Object>) EffectiveConfig.of(c).get("routes");

        Map<String, Object> first = route(routes, 0);
        assertThat(first.get("name")).isEqualTo("app");
        assertThat(first.get("match")).isEqualTo(Map.of("host", "*.example.com", "listen", "127.0.0.1:8443",
                "path_prefix", "/static/", "skip_regex", true));
        Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) first.get("headers")).get("response");
        assertThat(response.get("add")).isEqualTo(List.of(Map.of("name", "X-Frame-Options", "value", "DENY",
                "always", true)));

        Map<String, Object> exact = route(routes, 1);
        assertThat((Map<String, Object>) exact.get("match")).containsEntry("path", "/healthz")
                .doesNotContainKeys("path_prefix", "path_regex");
        assertThat((Map<String, Object>) exact.get("return")).containsEntry("status", 200).containsEntry("body", "ok");
        assertThat(exact.get("upstream")).isNull();

        Map<String, Object> regex = route(routes, 2);
        assertThat((Map<String, Object>) regex.get("match")).containsEntry("path_regex", "\\.(css|js)$")
                .containsEntry("ignore_case", true);
        assertThat((Map<String, Object>) regex.get("static")).containsEntry("root", "/srv/www")
                .containsEntry("try_files", List.of("$uri", "@app")).containsEntry("index", List.of("index.html"));
        assertThat(regex.get("error_pages")).isEqualTo(List.of(Map.of("status", List.of(404), "uri", "/index.html",
                "code", 200)));

        Map<String, Object> named = route(routes, 3);
        assertThat(named.get("name")).isEqualTo("fallback");
        assertThat(named.get("match")).isNull();
    }
}
