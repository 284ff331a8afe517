package dev.telltale.route;

import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.RouteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {
    private static final ListenAddress A = ListenAddress.parse("127.0.0.1:8080");
    private static final ListenAddress B = ListenAddress.parse("127.0.0.1:8443");

    private static RouteConfig route(String host, String prefix, String upstream) {
        return new RouteConfig(host, prefix, upstream, null, true, null, null, null);
    }

    private static RouteConfig route(ListenAddress listen, String host, PathMatch path, String upstream) {
        return new RouteConfig(null, host, listen, path, upstream, null, true, null, null, null, null, null, null,
                null);
    }

    private static RouteConfig route(PathMatch path, String upstream) {
        return route(null, null, path, upstream);
    }

    private static String upstream(RouteTable t, String host, String target) {
        Route r = t.match(host, target);
        return r == null ? "NONE" : r.config().upstream();
    }

    // ---- host ----

    private static final RouteTable HOSTS = new RouteTable(List.of(
            route(null, "/", "any"),
            route("api.example.com", "/", "exact"),
            route("api.example.com", "/v2/", "exact-v2"),
            route("*.example.com", "/", "lead"),
            route("*.eu.example.com", "/", "lead-eu"),
            route(".example.org", "/", "dot-org"),
            route("www.*", "/", "trail-www"),
            route("www.example.*", "/", "trail-www-example"),
            route("~^(www|api)\\.example\\.net$", "/", "regex-first"),
            route("~^api\\.", "/", "regex-second")));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        "api.example.com, exact",
        "API.Example.COM:8443, exact",              // case and port do not count
        "api.example.com., exact",                  // nor a trailing dot
        "www.example.com, lead",                    // a leading wildcard beats a trailing one
        "a.b.example.com, lead",                    // * spans several labels
        "x.eu.example.com, lead-eu",                // the longest leading wildcard first
        "example.com, any",                         // *.example.com is not example.com
        "example.org, dot-org",                     // .example.org is example.org ...
        "A.Example.org, dot-org",                   // ... and *.example.org
        "www.example.co.uk, trail-www-example",     // the longest trailing wildcard first
        "www.other.test, trail-www",
        "www.example, trail-www",                   // www.example.* needs more after the dot
        "www, any",
        "API.example.net:80, regex-first",          // regexes ignore case; both match: file order
        "api.example.net., regex-first",            // $ sits before the trailing dot
        "api.other.net, regex-second",
        "mail.example.net, any",
        "NONE, any",
        "'', any",
        "[::1]:8080, any",
    })
    void host_followsNginxServerNameOrder(String host, String expected) {
        assertThat(upstream(HOSTS, host, "/x")).isEqualTo(expected);
    }

    @Test
    void exactHost_longestPrefixWithinItsGroup() {
        assertThat(upstream(HOSTS, "api.example.com", "/v2/users?id=1")).isEqualTo("exact-v2");
        assertThat(upstream(HOSTS, "api.example.com", "/v2")).isEqualTo("exact");
    }

    @Test
    void hostGroupWithoutMatchingPath_fallsToTheNextGroup() {
        RouteTable t = new RouteTable(List.of(
                route("a.test", "/only/", "exact"),
                route("*.test", "/wild/", "lead-long"),
                route("*.a.test", "/deeper/", "lead-longer"),
                route("~^a\\.", "/re/", "regex"),
                route(null, "/", "any")));
        assertThat(upstream(t, "a.test", "/only/x")).isEqualTo("exact");
        assertThat(upstream(t, "a.test", "/wild/x")).isEqualTo("lead-long");
        assertThat(upstream(t, "b.a.test", "/wild/x")).isEqualTo("lead-long"); // *.a.test has no /wild/
        assertThat(upstream(t, "b.a.test", "/deeper/x")).isEqualTo("lead-longer");
        assertThat(upstream(t, "a.test", "/re/x")).isEqualTo("regex");
        assertThat(upstream(t, "a.test", "/x")).isEqualTo("any");
    }

    @ParameterizedTest
    @CsvSource({"a.test, /", "b.test, /x"})
    void noCatchAll_noMatch(String host, String path) {
        RouteTable t = new RouteTable(List.of(route(null, "/only/", "x"), route("c.test", "/", "y")));
        assertThat(t.match(host, path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"w*.example.com", "www.*.example.com", "*", "*.", "*.a.*", "~^(a"})
    void invalidHostPattern_isRefusedWithTheKey(String host) {
        assertThatThrownBy(() -> route(host, "/", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host: " + host + " (expected:");
    }

    // ---- path: nginx's documented example of location precedence ----

    private static List<RouteConfig> nginxExample() {
        return List.of(
                route(PathMatch.exact("/"), "A"),                      // location = /
                route(PathMatch.prefix("/", false), "B"),              // location /
                route(PathMatch.prefix("/documents/", false), "C"),    // location /documents/
                route(PathMatch.prefix("/images/", true), "D"),        // location ^~ /images/
                route(PathMatch.regex("\\.(gif|jpg|jpeg)$", true), "E")); // location ~* \.(gif|jpg|jpeg)$
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/, A",
        "/index.html, B",
        "/documents/document.html, C",
        "/images/1.gif, D",
        "/documents/1.jpg, E",
        // beyond the documented five
        "/documents/1.JPG, E",              // ~* ignores case
        "/documents/1.jpg?size=large, E",   // the query is not part of the path
        "/?x=1, A",
        "/documents, B",                    // a prefix is not a directory
        "/x.gif, E",                        // the regex beats the longest prefix, /
    })
    void nginxDocumentationExample_choosesAsNginx(String target, String expected) {
        assertThat(upstream(new RouteTable(nginxExample()), "h", target)).isEqualTo(expected);
        // Only regexes depend on order: the same routes written backwards choose the same.
        List<RouteConfig> reversed = new ArrayList<>(nginxExample());
        Collections.reverse(reversed);
        assertThat(upstream(new RouteTable(reversed), "h", target)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/static/app.js, static-skip",      // skip_regex on the longest prefix: no regex tried
        "/static/js/app.js, js-regex",      // the longest prefix has no skip_regex: regexes are tried
        "/static/js/app.css, static-js",    // no regex matches: the longest prefix
        "/api/report.json, json-regex",     // regexes in file order: the first found wins
        "/api/data.JSON, api",              // ~ is case-sensitive
        "/health, health-exact",            // path = wins at once, over the regex below too
        "/health/x, any",
        "/a.json, json-regex",              // a prefix equal to the whole path still lets regexes run
        "/v1/api/x, any",
        "/deep/api-v2/x, api-anywhere",     // a regex is found in the path, need not match all of it
    })
    void pathKinds_followNginxLocationOrder(String target, String expected) {
        RouteTable t = new RouteTable(List.of(
                route(PathMatch.prefix("/", false), "any"),
                route(PathMatch.prefix("/static/", true), "static-skip"),
                route(PathMatch.prefix("/static/js/", false), "static-js"),
                route(PathMatch.prefix("/api/", false), "api"),
                route(PathMatch.prefix("/a.json", false), "a-json-prefix"),
                route(PathMatch.regex("\\.js$", false), "js-regex"),
                route(PathMatch.regex("\\.json$", false), "json-regex"),
                route(PathMatch.regex("report", false), "report-regex"),
                route(PathMatch.regex("^/deep/api-", false), "api-anywhere"),
                route(PathMatch.exact("/health"), "health-exact"),
                route(PathMatch.regex("^/health$", false), "health-regex")));
        assertThat(upstream(t, "h", target)).isEqualTo(expected);
    }

    @Test
    void equalPrefixes_firstWrittenWins() {
        RouteTable t = new RouteTable(List.of(route(null, "/api/", "first"), route(null, "/api/", "second")));
        assertThat(upstream(t, "h", "/api/x")).isEqualTo("first");
    }

    // ---- normalisation ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/%69mages/1.gif, D",               // decoded before matching
        "/documents/1%2Ejpg, E",
        "//images//1.gif, D",               // slashes merged
        "/documents/../images/1.gif, D",    // dot segments resolved
        "/documents/%2e%2e/images/1.gif, D",// ... encoded ones too
        "/documents%2F1.jpg, E",            // %2F is a slash
        "/./, A",
        "/images/..?x=/images/, A",         // the query is never part of the path
    })
    void targetIsNormalisedBeforeMatching(String target, String expected) {
        assertThat(upstream(new RouteTable(nginxExample()), "h", target)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/docs?/guide/, docs-exact",
        "/q?x=1, root",
        "/q%3Fx, q-literal",
        "/docs/a.md?x.png, docs",
    })
    void queryIsNeverMatched_evenWhenItLooksLikeAPath(String target, String expected) {
        RouteTable t = new RouteTable(List.of(
                route(PathMatch.prefix("/", false), "root"),
                route(PathMatch.prefix("/docs/", false), "docs"),
                route(PathMatch.exact("/docs"), "docs-exact"),
                route(PathMatch.prefix("/q?x", false), "q-literal"),
                route(PathMatch.regex("\\.png$", false), "png")));
        assertThat(upstream(t, "h", target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/a/../../b", "/%2e%2e/x", "/%zz", "/a%2", "/a%00b", "*", "http://h/x"})
    void invalidTarget_isInvalidPath(String target) {
        assertThat(new RouteTable(nginxExample()).match(A, "h", target)).isSameAs(RouteTable.INVALID_PATH);
    }

    // ---- listeners ----

    @Test
    void listen_routesApplyOnlyToTheirListener() {
        RouteTable t = new RouteTable(List.of(
                route(A, null, PathMatch.prefix("/", false), "a-root"),
                route(B, null, PathMatch.prefix("/admin/", false), "b-admin"),
                route(B, "b.test", PathMatch.prefix("/", false), "b-host"),
                route(null, null, PathMatch.prefix("/", false), "shared"),
                route(null, null, PathMatch.prefix("/api/", false), "shared-api")));
        assertThat(t.match(A, "h", "/").config().upstream()).isEqualTo("a-root");
        assertThat(t.match(A, "h", "/admin/x").config().upstream()).isEqualTo("a-root");
        assertThat(t.match(A, "b.test", "/x").config().upstream()).isEqualTo("a-root");
        assertThat(t.match(A, "h", "/api/x").config().upstream()).isEqualTo("shared-api");
        assertThat(t.match(B, "h", "/admin/x").config().upstream()).isEqualTo("b-admin");
        assertThat(t.match(B, "b.test", "/x").config().upstream()).isEqualTo("b-host");
        assertThat(t.match(B, "h", "/").config().upstream()).isEqualTo("shared");
        assertThat(t.match(null, "h", "/admin/x").config().upstream()).isEqualTo("shared");
        assertThat(t.match(ListenAddress.parse("127.0.0.1:9"), "b.test", "/x").config().upstream())
                .isEqualTo("shared");
    }

    // ---- names ----

    @Test
    void namedRouteWithoutMatch_isFoundByNameOnly() {
        RouteConfig named = new RouteConfig("backend", null, null, null, "named", null, true, null, null, null,
                null, null, null, null);
        RouteConfig both = new RouteConfig("api", null, null, PathMatch.prefix("/api/", false), "api", null, true,
                null, null, null, null, null, null, null);
        RouteTable t = new RouteTable(List.of(named, both));
        assertThat(t.match("h", "/")).isNull();
        assertThat(t.match("h", "/api/x").config().name()).isEqualTo("api");
        assertThat(t.named("backend").config().upstream()).isEqualTo("named");
        assertThat(t.named("backend").index()).isZero();
        assertThat(t.named("api").index()).isEqualTo(1);
        assertThat(t.named("nope")).isNull();
        assertThat(t.routes()).extracting(Route::index).containsExactly(0, 1);
    }
}
