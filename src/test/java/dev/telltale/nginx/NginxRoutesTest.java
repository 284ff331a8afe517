package dev.telltale.nginx;

import dev.telltale.config.Config;
import dev.telltale.config.ErrorPage;
import dev.telltale.config.HeaderAdd;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.LocationRewrite;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.StaticConfig;
import dev.telltale.config.Variable;
import dev.telltale.nginx.Note.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static dev.telltale.nginx.NginxConverterTest.convert;
import static dev.telltale.nginx.NginxConverterTest.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Locations, listeners, return, files, error_page and add_header: what each becomes on Telltale's routes. */
class NginxRoutesTest {

    static List<RouteConfig> routes(String text) throws Exception {
        return convert(text, false).config().routes();
    }

    @Test
    void locationModifiers_becomePrefixExactSkipRegexRegexAndName() throws Exception {
        NginxConversion c = convert("""
                http {
                    server {
                        location / { proxy_pass http://127.0.0.1:1; }
                        location = /health { return 200 ok; }
                        location ^~ /static/ { root /srv; }
                        location ~ \\.php$ { proxy_pass http://127.0.0.1:2; }
                        location ~* \\.(?<ext>png|jpg)$ { root /img; }
                        location /api/ {
                            proxy_pass http://127.0.0.1:3;
                            location /api/v2/ { proxy_pass http://127.0.0.1:4; }
                            location ~ /admin$ { return 403; }
                        }
                        location @fallback { proxy_pass http://127.0.0.1:5; }
                    }
                }
                """, false);
        // the nested regex first (nginx tries it before the server's), guarded to the paths under /api/
        assertThat(c.config().routes()).extracting(RouteConfig::name, RouteConfig::path).containsExactly(
                tuple(null, PathMatch.regex("^(?=(?-i:\\Q/api/\\E))(?s:.*?)(?:/admin$)", false)),
                tuple(null, PathMatch.prefix("/", false)), tuple(null, PathMatch.exact("/health")),
                tuple(null, PathMatch.prefix("/static/", true)), tuple(null, PathMatch.regex("\\.php$", false)),
                tuple(null, PathMatch.regex("\\.(png|jpg)$", true)), tuple(null, PathMatch.prefix("/api/", false)),
                tuple(null, PathMatch.exact("/api")), tuple(null, PathMatch.prefix("/api/v2/", false)),
                tuple(null, PathMatch.exact("/api/v2")), tuple("fallback", null));
        assertThat(c.notes()).extracting(Note::line, Note::severity).contains(tuple(7, Severity.APPROXIMATED))
                .doesNotContain(tuple(11, Severity.APPROXIMATED));
    }

    @Test
    void listen_serversOnDifferentAddresses_bindTheirRoutesToThem() throws Exception {
        NginxConversion c = convert("""
                http {
                    server { listen 127.0.0.1:8080; server_name a.test; location / { proxy_pass http://127.0.0.1:1; } }
                    server { listen 127.0.0.1:8081; location / { proxy_pass http://127.0.0.1:2; } }
                    server { listen 127.0.0.1:8081; server_name b.test; location / { return 204; } }
                }
                """, false);
        ListenAddress a = new ListenAddress("127.0.0.1", 8080);
        ListenAddress b = new ListenAddress("127.0.0.1", 8081);
        assertThat(c.config().routes()).extracting(RouteConfig::listen, RouteConfig::host, RouteConfig::upstream)
                .containsExactly(tuple(a, null, "127_0_0_1_1"), // alone on its address: its names add nothing
                        tuple(b, null, "127_0_0_1_2"), tuple(b, "b.test", null));
        assertThat(c.notes()).noneSatisfy(n -> assertThat(n.message()).contains("different addresses"));
    }

    @ParameterizedTest(name = "return {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "301 https://$host$request_uri | 301 | https://$host$request_uri | -",
        "https://example.com/           | 302 | https://example.com/      | -",
        "200 'ok\\n'                    | 200 | -                         | ok\\n",
        "404                            | 404 | -                         | -",
        "444                            | 444 | -                         | -",
        "307 /elsewhere                 | 307 | /elsewhere                | -",
    })
    void return_codeTextUrlAndUrlAlone(String args, int status, String location, String body) throws Exception {
        RouteConfig r = routes("http { server { location / { return " + args + "; } } }").get(0);
        assertThat(r.returns()).isEqualTo(new ReturnConfig(status, location, body == null ? null
                : body.replace("\\n", "\n"), null));
        assertThat(r.upstream()).isNull();
    }

    @Test
    void return_atServerLevelAnswersEverythingAndUsesDefaultTypeForText() throws Exception {
        NginxConversion c = convert("""
                http {
                    default_type application/json;
                    server { listen 80; server_name old.test; return 301 https://new.test$request_uri;
                             location /x/ { proxy_pass http://127.0.0.1:1; } }
                    server { listen 80; server_name api.test; location / { return 200 '{"ok":true}'; proxy_pass http://127.0.0.1:1; } }
                }
                """, false);
        assertThat(c.config().routes()).extracting(RouteConfig::host, RouteConfig::path, RouteConfig::returns)
                .containsExactly(tuple(null, PathMatch.ROOT, new ReturnConfig(301, "https://new.test$request_uri",
                                null, null)), tuple("old.test", PathMatch.ROOT, new ReturnConfig(301,
                                "https://new.test$request_uri", null, null)),
                        tuple("api.test", PathMatch.ROOT, new ReturnConfig(200, null, "{\"ok\":true}",
                                "application/json")));
        assertThat(c.notes()).extracting(Note::line, Note::severity).contains(tuple(3, Severity.DROPPED),
                tuple(5, Severity.DROPPED));
    }

    @Test
    void files_rootAndIndexInheritAliasAndTryFilesDoNot() throws Exception {
        NginxConversion c = NginxConverter.convert(NginxParser.parse("""
                http {
                    root www;
                    index index.html index.htm;
                    server {
                        location / { try_files $uri $uri/ @app; }
                        location /docs/ { root /srv/docs; index start.html; }
                        location /dl/ { alias files/; }
                        location /img/ { }
                        location @app { proxy_pass http://127.0.0.1:3000; }
                    }
                }
                """, "t.conf", Path.of(".")), "t.conf", Path.of("/opt/site"), false);
        List<RouteConfig> r = c.config().routes();
        assertThat(r).extracting(RouteConfig::files).containsExactly(
                new StaticConfig("/opt/site/www", null, List.of("index.html", "index.htm"),
                        List.of("$uri", "$uri/", "@app")),
                new StaticConfig("/srv/docs", null, List.of("start.html"), null),
                new StaticConfig(null, "/opt/site/files/", List.of("index.html", "index.htm"), null),
                new StaticConfig("/opt/site/www", null, List.of("index.html", "index.htm"), null),
                null);
    }

    @Test
    void files_withoutAnyRoot_serveNginxsDefaultHtmlUnderThePrefixNoted() throws Exception {
        NginxConversion c = NginxConverter.convert(NginxParser.parse("http { server { location / { } } }", "t.conf",
                Path.of(".")), "t.conf", Path.of("/opt/site"), false);
        assertThat(c.config().routes().get(0).files().root()).isEqualTo("/opt/site/html");
        assertThat(c.warnings()).extracting(Note::message).contains("no proxy_pass, return or root: serving "
                + "files from nginx's default root, /opt/site/html");
    }

    @Test
    void serverRoot_becomesTheCatchAllForPathsNoLocationMatches() throws Exception {
        RouteConfig last = routes("""
                http { server { root /srv/www; try_files $uri =404; location /api/ { proxy_pass http://127.0.0.1:1; } } }
                """).get(2); // after /api/ and its redirect from /api
        assertThat(last.path()).isEqualTo(PathMatch.ROOT);
        assertThat(last.files()).isEqualTo(new StaticConfig("/srv/www", null, null, List.of("$uri", "=404")));
    }

    @Test
    void errorPageAndAddHeader_aLevelWithItsOwnReplacesTheInheritedList() throws Exception {
        NginxConversion c = convert("""
                http {
                    error_page 404 /404.html;
                    add_header X-Frame-Options DENY;
                    add_header X-Id $request_id always;
                    server {
                        root /srv;
                        location / { }
                        location /app/ {
                            proxy_pass http://127.0.0.1:1;
                            error_page 500 502 503 504 /50x.html;
                            error_page 404 =200 @spa;
                            add_header Cache-Control no-store;
                        }
                        location @spa { return 200 spa; }
                    }
                }
                """, false);
        List<RouteConfig> r = c.config().routes();
        assertThat(r.get(0).errorPages()).containsExactly(new ErrorPage(List.of(404), "/404.html", null));
        assertThat(r.get(0).responseHeaders().add()).containsExactly(new HeaderAdd("X-Frame-Options", "DENY", false),
                new HeaderAdd("X-Id", "$request_id", true));
        assertThat(r.get(1).errorPages()).containsExactly(new ErrorPage(List.of(500, 502, 503, 504), "/50x.html", null),
                new ErrorPage(List.of(404), "@spa", 200));
        assertThat(r.get(1).responseHeaders().add()).containsExactly(new HeaderAdd("Cache-Control", "no-store", false));
        assertThat(c.notes()).anySatisfy(n -> {
            assertThat(n.line()).isEqualTo(10);
            assertThat(n.message()).contains("upstream failures are answered with Telltale's diagnostic page");
        });
    }

    @Test
    void namedLocations_inTwoServers_getUniqueNamesAndReferencesFollow() throws Exception {
        List<RouteConfig> r = routes("""
                http {
                    server { listen 80; server_name a.test; location / { root /a; try_files $uri @app; }
                             location @app { proxy_pass http://127.0.0.1:1; } }
                    server { listen 80; server_name b.test; location / { root /b; try_files $uri @app; }
                             location @app { proxy_pass http://127.0.0.1:2; } }
                }
                """);
        assertThat(r).filteredOn(x -> x.name() != null).extracting(RouteConfig::name, RouteConfig::upstream)
                .containsExactly(tuple("app", "127_0_0_1_1"), tuple("app_2", "127_0_0_1_2"));
        assertThat(r).filteredOn(x -> "b.test".equals(x.host())).extracting(x -> x.files().tryFiles())
                .containsExactly(List.of("$uri", "@app_2"));
    }

    @Test
    void proxySetHeader_supportedVariablesPassUnsupportedOnesAreErrorsWithTheirLine() throws Exception {
        String text = """
                http {
                    server {
                        proxy_set_header X-Client $remote_addr;
                        proxy_set_header X-Trace "$http_x_trace-$request_id";
                        proxy_set_header X-Method $request_method;
                        proxy_set_header X-Session $cookie_sid;
                        location / { proxy_pass http://127.0.0.1:1; }
                    }
                }
                """;
        assertThat(errors(text)).singleElement().asString()
                .startsWith("proxy_set_header X-Session $cookie_sid: variable $cookie_sid is not supported (expected: "
                        + "$host, $http_host, $http_NAME, ")
                .endsWith(") in t.conf:6");
        NginxConversion c = convert(text, true);
        assertThat(c.config().routes().get(0).requestHeaders().set())
                .containsOnlyKeys("X-Client", "X-Trace", "X-Method");
        assertThat(c.warnings()).extracting(Note::line, Note::severity).contains(tuple(6, Severity.DROPPED));
    }

    @ParameterizedTest
    @EnumSource(Variable.class)
    void proxySetHeader_everyVariableTheRuntimeKnows_isConvertedAndLoads(Variable v) throws Exception {
        String name = v == Variable.HTTP ? "$http_x_tenant_id" : "$" + v.varName();
        String text = "http { server { location / { proxy_pass http://127.0.0.1:1; "
                + "proxy_set_header X-V \"<" + name + ">\"; } } }";
        // a strict conversion throws on a refused variable; HeaderRules parses the value as the runtime will
        NginxConversion c = convert(text, false);
        assertThat(c.config().routes().get(0).requestHeaders().set()).containsEntry("X-V", "<" + name + ">");
    }

    @Test
    void tuningAndMimeDirectives_areAcceptedWithTheirNotes() throws Exception {
        NginxConversion c = convert("""
                http {
                    types { text/html html; }
                    proxy_http_version 1.1;
                    proxy_buffering off;
                    proxy_request_buffering on;
                    proxy_pass_header Server;
                    server { location / { proxy_pass http://127.0.0.1:1; } }
                }
                """, false);
        assertThat(c.notes()).extracting(Note::line, Note::severity).contains(tuple(2, Severity.NO_EFFECT),
                tuple(3, Severity.NO_EFFECT), tuple(4, Severity.NO_EFFECT), tuple(5, Severity.APPROXIMATED),
                tuple(6, Severity.NO_EFFECT));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n.message()).isEqualTo("types: Telltale serves files with "
                + "nginx's MIME types built in"));
    }

    @Test
    void logFormat_combinedLikeIsCombinedWithTheRestNotedJsonIsJson() throws Exception {
        Config text = NginxConverter.convert(NginxParser.parse("""
                http {
                    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                                    '$status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';
                    access_log logs/access.log main;
                    server { location / { proxy_pass http://127.0.0.1:1; } }
                }
                """, "t.conf", Path.of(".")), "t.conf", Path.of("/opt/site"), false).config();
        assertThat(text.logs().access().target()).isEqualTo("/opt/site/logs/access.log");
        assertThat(text.logs().access().format()).isEqualTo("combined");
        NginxConversion json = convert("""
                http {
                    log_format j escape=json '{"t":"$time_iso8601","s":$status}';
                    access_log /dev/stdout j;
                    server { location / { proxy_pass http://127.0.0.1:1; } }
                }
                """, false);
        assertThat(json.config().logs().access().format()).isEqualTo("json");
        assertThat(json.warnings()).extracting(Note::line).contains(2);
    }

    /** Nested regexes as nginx runs them: only where nginx descends into their parent, and before the outer ones. */
    static final String NESTED_REGEXES = """
            http {
                server {
                    listen 127.0.0.1:8080;
                    location ~ /clip { return 200 clip; }
                    location /media/ {
                        return 200 media;
                        location ~* \\.(mp4|webm)$ { return 200 video; }
                        location ~ ^/media/(a|b)/x$ { return 200 anchored; }
                        location ~ ^/media/alt$|\\.ogg$ { return 200 alt; }
                        location /media/deep/ {
                            return 200 deep;
                            location ~ \\.txt$ { return 200 deeptxt; }
                        }
                    }
                    location /media/special/ { return 200 special; }
                    location ~ ^/r/ {
                        return 200 r;
                        location ~* \\.png$ { return 200 rpng; }
                    }
                    location ~ \\.mp4$ { return 200 server-mp4; }
                    location / { return 200 root; }
                }
            }
            """;

    @ParameterizedTest
    @CsvSource({
        "/media/clip.MP4, video",             // ~* inside the prefix, and tried before the server's ~ /clip
        "/MEDIA/clip.mp4, clip",              // the prefix is compared case-sensitively even for ~*
        "/other/clip.mp4, clip",              // not under /media/: the server's regexes in file order
        "/other/x.mp4, server-mp4",
        "/other/x.webm, root",
        "/media/poster.jpg, media",
        "/media/a/x, anchored",               // ^ is still the path's start, $ its end
        "/media/c/x, media",
        "/media/a/xy, media",
        "/x/media/a/x, root",
        "/media/alt, alt",                    // an alternation stays under the guard
        "/media/alt/no, media",
        "/other/v.ogg, root",
        "/media/v.ogg, alt",
        "/media/special/clip.mp4, clip",      // /media/special/ is the longest prefix: /media/'s regexes are not tried
        "/media/special/x.mp4, server-mp4",
        "/media/deep/a.txt, deeptxt",         // the deepest regexes first
        "/media/deep/a.mp4, video",           // then those of the location around
        "/media/deep/a.jpg, deep",
        "/r/a.PNG, rpng",                     // nested in a regex: only where that regex is found
        "/x/a.png, root",
        "/r/a.jpg, r",
    })
    void nestedRegexLocations_applyOnlyWhereNginxTriesThem(String path, String answer) throws Exception {
        var table = new dev.telltale.route.RouteTable(routes(NESTED_REGEXES));
        assertThat(table.match("localhost", path).config().returns().body()).isEqualTo(answer);
    }

    @Test
    void regexInsideCaretTilde_isNotedAsSkipped() throws Exception {
        NginxConversion c = convert("""
                http { server { location ^~ /a/ { return 200 a; location ~ x { return 200 x; } } } }
                """, false);
        assertThat(c.warnings()).extracting(Note::message).anyMatch(t -> t.contains("skip_regex also skips it"));
    }

    @Test
    void proxyPassInASlashedLocation_redirectsThePathWithoutTheSlashLikeNginx() throws Exception {
        List<RouteConfig> r = routes("""
                http {
                    server {
                        listen 127.0.0.1:8080;
                        server_name a.test;
                        location /api/ { proxy_pass http://127.0.0.1:1/; }
                        location ^~ /s/ { proxy_pass http://127.0.0.1:1; }
                        location = /e/ { proxy_pass http://127.0.0.1:1; }
                        location /app/ { proxy_pass http://127.0.0.1:1; }
                        location = /app { return 204; }
                        location /files/ { root /srv; }
                        location /x { proxy_pass http://127.0.0.1:1; }
                        location ~ ^/api$ { return 418; }
                    }
                    server {
                        listen 127.0.0.1:8081;
                        server_name b.test;
                        location /api/ { proxy_pass http://127.0.0.1:2; }
                    }
                }
                """);
        assertThat(r).filteredOn(x -> x.returns() != null && x.returns().status() == 301)
                .extracting(RouteConfig::host, RouteConfig::listen, RouteConfig::path, x -> x.returns().location())
                .containsExactlyInAnyOrder(
                        tuple(null, new ListenAddress("127.0.0.1", 8080), PathMatch.exact("/api"), "/api/$is_args$args"),
                        tuple(null, new ListenAddress("127.0.0.1", 8080), PathMatch.exact("/s"), "/s/$is_args$args"),
                        tuple(null, new ListenAddress("127.0.0.1", 8080), PathMatch.exact("/e"), "/e/$is_args$args"),
                        tuple(null, new ListenAddress("127.0.0.1", 8081), PathMatch.exact("/api"), "/api/$is_args$args"));
        var table = new dev.telltale.route.RouteTable(r);
        // before any regex, as nginx answers it from the prefix tree
        assertThat(table.match(new ListenAddress("127.0.0.1", 8080), "a.test", "/api?q=1").config().returns().status())
                .isEqualTo(301);
        assertThat(table.match(new ListenAddress("127.0.0.1", 8080), "a.test", "/app").config().returns().status())
                .isEqualTo(204);
    }

    @Test
    void proxyRedirect_nginxsImplicitDefaultExplicitRulesAndOff() throws Exception {
        List<RouteConfig> r = routes("""
                http {
                    server {
                        location /app/ { proxy_pass http://127.0.0.1:1/v1/; }
                        location /bare/ { proxy_pass http://backend:2; }
                        location ~ \\.php$ { proxy_pass http://127.0.0.1:3; }
                        location /raw/ { proxy_pass http://127.0.0.1:4$request_uri; }
                        location /both/ {
                            proxy_pass http://127.0.0.1:5/;
                            proxy_redirect default;
                            proxy_redirect https://sso.test/ /sso/;
                        }
                    }
                    server {
                        listen 8081;
                        proxy_redirect off;
                        location / { proxy_pass http://127.0.0.1:6/; }
                        location /own/ { proxy_pass http://127.0.0.1:7/; proxy_redirect http://a/ /b/; }
                    }
                    upstream backend { server 127.0.0.1:2; }
                }
                """);
        assertThat(r).filteredOn(x -> x.upstream() != null)
                .extracting(x -> x.path().describe(), x -> x.responseHeaders().rewriteLocation()).containsExactly(
                        tuple("/app/", List.of(new LocationRewrite("http://127.0.0.1:1/v1/", "/app/"))),
                        tuple("/bare/", List.of(new LocationRewrite("http://backend:2/", "/"))),
                        tuple("~ \\.php$", List.of(new LocationRewrite("http://127.0.0.1:3/", "/"))),
                        tuple("/raw/", List.of()),
                        tuple("/both/", List.of(new LocationRewrite("http://127.0.0.1:5/", "/both/"),
                                new LocationRewrite("https://sso.test/", "/sso/"))),
                        tuple("/", List.of()),
                        tuple("/own/", List.of(new LocationRewrite("http://a/", "/b/"))));
    }

    @Test
    void proxyRedirect_whatNginxRefusesOrTelltaleCannotDo_isAnErrorWithItsLine() {
        String pass = "location / { proxy_pass http://a:1; %s }";
        assertThat(errors("http { server {\n proxy_redirect default;\n location / { proxy_pass http://a:1/; } } }"))
                .containsExactly("\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive in t.conf:2");
        assertThat(errors("http { server { location / {\n proxy_redirect default;\n proxy_pass http://a:1/; } } }"))
                .containsExactly("\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive in t.conf:2");
        assertThat(errors("http { server { location / { proxy_pass http://a:1$request_uri; proxy_redirect default; } } }"))
                .containsExactly("\"proxy_redirect default\" cannot be used with \"proxy_pass\" directive with "
                        + "variables in t.conf:1");
        assertThat(errors("http { server { " + pass.formatted("proxy_redirect on;") + " } }"))
                .containsExactly("invalid parameter \"on\" in t.conf:1");
        assertThat(errors("http { server { " + pass.formatted("proxy_redirect off; proxy_redirect / /x/;") + " } }"))
                .containsExactly("\"proxy_redirect\" directive is duplicate in t.conf:1");
        assertThat(errors("http { server { " + pass.formatted("proxy_redirect ~^http://(.*)$ /$1;") + " } }"))
                .containsExactly("proxy_redirect ~^http://(.*)$ /$1: regular expressions are not supported "
                        + "(expected: a literal start of the Location) in t.conf:1");
        assertThat(errors("http { server { " + pass.formatted("proxy_redirect http://a:1/ http://$host/;") + " } }"))
                .containsExactly("proxy_redirect http://a:1/ http://$host/: variables are not supported in t.conf:1");
    }
}
