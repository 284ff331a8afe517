package dev.telltale.route;

import dev.telltale.config.RouteConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {
    private static RouteConfig route(String host, String prefix, String upstream) {
        return new RouteConfig(host, prefix, upstream, null, true, null, null, null);
    }

    private static final RouteTable TABLE = new RouteTable(List.of(
            route(null, "/", "fallback"),
            route(null, "/api/", "api-any"),
            route("api.example.com", "/", "api-host"),
            route("api.example.com", "/v2/", "api-v2"),
            route("*.example.com", "/", "wild"),
            route("*.eu.example.com", "/", "wild-eu"),
            route(null, "/api/", "api-any-second")));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "NONE", value = {
        "api.example.com, /, api-host",
        "API.Example.COM:8443, /v2/users, api-v2",
        "api.example.com., /v2/, api-v2",
        "api.example.com, /api/x, api-host",       // exact host group wins over any-host routes
        "www.example.com, /anything, wild",
        "a.b.example.com, /, wild",
        "x.eu.example.com, /, wild-eu",            // longer wildcard suffix first
        "example.com, /, fallback",                // *.example.com does not match the bare domain
        "other.test, /api/things, api-any",        // longest prefix; ties go to the route written first
        "other.test, /apix, fallback",
        "NONE, /api/, api-any",
        "[::1]:8080, /, fallback",
    })
    void match_followsHostThenLongestPrefix(String host, String path, String expected) {
        assertThat(TABLE.match(host, path).config().upstream()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a.test, /", "b.test, /x"})
    void noCatchAll_noMatch(String host, String path) {
        RouteTable t = new RouteTable(List.of(route(null, "/only/", "x"), route("c.test", "/", "y")));
        assertThat(t.match(host, path)).isNull();
    }
}
