package dev.telltale.nginx;

import dev.telltale.config.Config;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.StaticConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.nginx.Note.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class NginxConverterTest {

    static NginxConversion convert(String text, boolean lenient) throws NginxConfigException {
        return NginxConverter.convert(NginxParser.parse(text, "t.conf", Path.of(".")), "t.conf", lenient);
    }

    static List<String> errors(String text) {
        try {
            convert(text, false);
        } catch (NginxConfigException e) {
            return e.errors().stream().map(NginxError::toString).toList();
        }
        throw new AssertionError("converted: " + text);
    }

    static final String SPA = """
            http {
                server {
                    listen 127.0.0.1:8080;
                    server_name localhost;
                    location / {
                        root /srv/app;
                        try_files $uri /index.html;
                    }
                    location /api/ {
                        proxy_pass http://127.0.0.1:3000/;
                        proxy_set_header Host $http_host;
                    }
                }
            }
            """;

    @Test
    void spaWithApiProxy_filesAtTheRootAndTheApiProxied() throws Exception {
        NginxConversion c = convert(SPA, false);
        Config cfg = c.config();
        assertThat(cfg.server().listen()).containsExactly(new ListenAddress("127.0.0.1", 8080));
        assertThat(cfg.diagnostics().detail()).isEqualTo(DetailLevel.FULL);
        assertThat(cfg.routes()).hasSize(3);
        RouteConfig files = cfg.routes().get(0);
        assertThat(files.host()).isNull(); // the only server answers every host, as nginx's default server does
        assertThat(files.path()).isEqualTo(PathMatch.prefix("/", false));
        assertThat(files.upstream()).isNull();
        assertThat(files.files()).isEqualTo(new StaticConfig("/srv/app", null, null, List.of("$uri", "/index.html")));
        RouteConfig r = cfg.routes().get(1);
        assertThat(r.pathPrefix()).isEqualTo("/api/");
        assertThat(r.stripPrefix()).isEqualTo("/api/");
        assertThat(r.addPrefix()).isNull();
        assertThat(r.preserveHost()).isTrue();
        assertThat(cfg.upstreams().get(r.upstream()).servers()).extracting(UpstreamServer::url)
                .containsExactly("http://127.0.0.1:3000");
        assertThat(cfg.routes().get(2).path()).isEqualTo(PathMatch.exact("/api")); // nginx's 301 to /api/
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void twoServers_routeByNameWithTheFirstAsDefault() throws Exception {
        Config cfg = convert("""
                http {
                    server { listen 80; server_name a.example.com; location / { proxy_pass http://127.0.0.1:3001; } }
                    server {
                        listen 80;
                        server_name *.example.com .b.test WWW.* ~^api;
                        location / { proxy_pass http://127.0.0.1:3002; }
                    }
                }
                """, false).config();
        assertThat(cfg.server().listen()).containsExactly(new ListenAddress("0.0.0.0", 80));
        assertThat(cfg.diagnostics().detail()).isEqualTo(DetailLevel.SAFE);
        assertThat(cfg.routes()).extracting(RouteConfig::host, RouteConfig::listen, RouteConfig::upstream)
                .containsExactly(tuple(null, null, "127_0_0_1_3001"), tuple("a.example.com", null, "127_0_0_1_3001"),
                        tuple("*.example.com", null, "127_0_0_1_3002"), tuple("b.test", null, "127_0_0_1_3002"),
                        tuple("*.b.test", null, "127_0_0_1_3002"), tuple("www.*", null, "127_0_0_1_3002"),
                        tuple("~^api", null, "127_0_0_1_3002"));
        var table = new dev.telltale.route.RouteTable(cfg.routes());
        assertThat(table.match("x.example.com", "/").config().upstream()).isEqualTo("127_0_0_1_3002");
        assertThat(table.match("a.example.com", "/").config().upstream()).isEqualTo("127_0_0_1_3001");
        assertThat(table.match("other", "/").config().upstream()).isEqualTo("127_0_0_1_3001");
    }

    @Test
    void defaultServerFlag_makesThatServerTheCatchAll() throws Exception {
        Config cfg = convert("""
                http {
                    server { listen 80; server_name a.test; location / { proxy_pass http://127.0.0.1:3001; } }
                    server { listen 80 default_server; server_name _; location / { proxy_pass http://127.0.0.1:3002; } }
                }
                """, false).config();
        assertThat(cfg.routes()).extracting(RouteConfig::host, RouteConfig::upstream).containsExactly(
                tuple("a.test", "127_0_0_1_3001"), tuple(null, "127_0_0_1_3002"));
    }

    @Test
    void upstreamBlock_weightsBackupDownKeepaliveBalanceAndRetry() throws Exception {
        NginxConversion c = convert("""
                http {
                    server {
                        listen 8080;
                        location / {
                            proxy_pass http://backend;
                            proxy_next_upstream_tries 2;
                            proxy_next_upstream_timeout 5s;
                        }
                    }
                    upstream backend {
                        least_conn;
                        server 127.0.0.1:3001 weight=3 max_fails=2 fail_timeout=30s;
                        server 127.0.0.1:3002 max_fails=2 fail_timeout=30s;
                        server localhost:3003 backup max_fails=2 fail_timeout=30s;
                        server 127.0.0.1:3004 down;
                        keepalive 16;
                    }
                }
                """, false);
        UpstreamConfig u = c.config().upstreams().get("backend");
        assertThat(u.servers()).extracting(UpstreamServer::url, UpstreamServer::weight, UpstreamServer::backup)
                .containsExactly(tuple("http://127.0.0.1:3001", 3, false), tuple("http://127.0.0.1:3002", 1, false),
                        tuple("http://localhost:3003", 1, true));
        assertThat(u.balance()).isEqualTo(UpstreamConfig.Balance.LEAST_CONN);
        assertThat(u.keepalive()).isEqualTo(new UpstreamConfig.Keepalive(16, Duration.ofSeconds(60)));
        assertThat(u.passiveHealth()).isEqualTo(new UpstreamConfig.PassiveHealth(2, Duration.ofSeconds(30)));
        assertThat(u.retry()).isEqualTo(new UpstreamConfig.Retry(2, Duration.ofSeconds(5)));
        assertThat(u.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60)));
        assertThat(c.config().routes().get(0).upstream()).isEqualTo("backend");
        assertThat(c.notes()).extracting(Note::line, Note::severity).contains(
                tuple(15, Severity.APPROXIMATED), tuple(16, Severity.APPROXIMATED), tuple(4, Severity.APPROXIMATED));
    }

    @Test
    void implicitUpstream_nginxDefaults_eachServerTriedOnceNoIdleConnections() throws Exception {
        UpstreamConfig u = convert("http { server { location / { proxy_pass http://127.0.0.1:3000; } } }", false)
                .config().upstreams().values().iterator().next();
        assertThat(u.retry()).isEqualTo(new UpstreamConfig.Retry(1, Upstreams.UNLIMITED_BUDGET));
        assertThat(u.keepalive().maxIdle()).isZero();
        assertThat(u.balance()).isEqualTo(UpstreamConfig.Balance.ROUND_ROBIN);
    }

    @ParameterizedTest(name = "location {0} + proxy_pass {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "/api/   | http://127.0.0.1:3000       | /api/ | -     | -",
        "/api/   | http://127.0.0.1:3000/      | /api/ | /api/ | -",
        "/api    | http://127.0.0.1:3000/      | /api  | /api  | /",
        "/api/   | http://127.0.0.1:3000/v1/   | /api/ | /api/ | /v1/",
        "/api/   | http://127.0.0.1:3000/v1    | /api/ | /api/ | /v1",
        "= /x    | http://127.0.0.1:3000/y     | /x    | /x    | /y",
        "/a/     | http://127.0.0.1:3000$request_uri | /a/ | -  | -",
        "/a/     | http://127.0.0.1:3000/v2$request_uri | /a/ | - | /v2",
        "^~ /s/  | http://127.0.0.1:3000       | /s/   | -     | -",
    })
    void proxyPass_uriPartBecomesStripAndAddPrefix(String location, String pass, String prefix, String strip,
                                                   String add) throws Exception {
        RouteConfig r = convert("http { server { location " + location + " { proxy_pass " + pass + "; } } }", false)
                .config().routes().get(0);
        assertThat(r.path().value()).isEqualTo(prefix);
        assertThat(r.stripPrefix()).isEqualTo(strip);
        assertThat(r.addPrefix()).isEqualTo(add);
    }

    @Test
    void timeouts_inheritPerDirectiveFromOuterLevels() throws Exception {
        Config cfg = convert("""
                http {
                    proxy_read_timeout 30s;
                    server {
                        proxy_connect_timeout 2;
                        location / { proxy_pass http://127.0.0.1:1; }
                        location /slow/ { proxy_pass http://127.0.0.1:1; proxy_read_timeout 5m; proxy_send_timeout 1m30s; }
                    }
                }
                """, false).config();
        assertThat(cfg.routes()).filteredOn(r -> r.upstream() != null).extracting(RouteConfig::timeouts).containsExactly(
                new Timeouts(Duration.ofSeconds(2), null, Duration.ofSeconds(30)),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofMinutes(5)));
    }

    @Test
    void headers_setRemoveHideAndNginxListInheritance() throws Exception {
        NginxConversion c = convert("""
                http {
                    server {
                        proxy_set_header X-Env dev;
                        proxy_set_header Accept-Encoding "";
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_hide_header X-Powered-By;
                        location / { proxy_pass http://127.0.0.1:1; }
                        location /own/ { proxy_pass http://127.0.0.1:1; proxy_set_header Host $host; }
                        location /var/ { proxy_pass http://127.0.0.1:1; proxy_set_header X-Path ${uri}; }
                    }
                }
                """, false);
        List<RouteConfig> routes = c.config().routes().stream().filter(r -> r.upstream() != null).toList();
        RouteConfig all = routes.get(0);
        assertThat(all.requestHeaders()).isEqualTo(new HeaderRules(Map.of("X-Env", "dev"), List.of("Accept-Encoding")));
        assertThat(all.responseHeaders().remove()).containsExactly("X-Powered-By");
        assertThat(all.preserveHost()).isFalse(); // nginx's default Host: $proxy_host
        RouteConfig own = routes.get(1);
        assertThat(own.requestHeaders()).isEqualTo(HeaderRules.NONE); // a level's own list replaces the outer one
        assertThat(own.preserveHost()).isTrue();
        assertThat(own.responseHeaders().remove()).containsExactly("X-Powered-By");
        assertThat(routes.get(2).requestHeaders().set()).isEqualTo(Map.of("X-Path", "$uri"));
        assertThat(c.notes()).extracting(Note::line, Note::severity).contains(
                tuple(7, Severity.APPROXIMATED), tuple(8, Severity.APPROXIMATED));
    }

    @Test
    void limitsAndLogs_fromDirectivesWithNginxDefaultsOtherwise() throws Exception {
        Config cfg = convert("""
                error_log /tmp/telltale-error.log warn;
                http {
                    client_max_body_size 20m;
                    client_header_timeout 15s;
                    keepalive_timeout 30s;
                    access_log /dev/stdout;
                    server { large_client_header_buffers 4 16k; location / { proxy_pass http://127.0.0.1:1; } }
                }
                """, false).config();
        var l = cfg.server().limits();
        assertThat(l.maxBodyBytes()).isEqualTo(20L << 20);
        assertThat(l.clientHeaderTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(l.clientIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.maxHeaderBytes()).isEqualTo(64 * 1024);
        assertThat(cfg.logs().access().target()).isEqualTo("stdout");
        assertThat(cfg.logs().access().format()).isEqualTo("combined");
        assertThat(cfg.logs().error().target()).isEqualTo("/tmp/telltale-error.log");
        assertThat(cfg.logs().error().format()).isEqualTo("nginx");

        var defaults = convert("http { server { location / { proxy_pass http://127.0.0.1:1; } } }", false)
                .config().server().limits();
        assertThat(defaults.maxBodyBytes()).isEqualTo(1L << 20);
        assertThat(defaults.clientHeaderTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxHeaderBytes()).isEqualTo(32 * 1024);
    }

    @Test
    void unknownDirective_isAnErrorOrWithLenientADroppedNote() throws Exception {
        String text = "http {\n  server {\n    foo bar;\n    location / { proxy_pass http://127.0.0.1:1; }\n  }\n}\n";
        assertThat(errors(text)).containsExactly("unknown directive \"foo\" in t.conf:3");
        NginxConversion c = convert(text, true);
        assertThat(c.notes()).filteredOn(n -> n.severity() == Severity.DROPPED)
                .containsExactly(new Note("t.conf", 3, Severity.DROPPED, "unknown directive \"foo\""));
    }

    @Test
    void processDirectives_areAcceptedAsNoEffect() throws Exception {
        NginxConversion c = convert("""
                user nginx;
                worker_processes auto;
                pid /run/nginx.pid;
                daemon off;
                events { worker_connections 1024; }
                http { sendfile on; server { location / { proxy_pass http://127.0.0.1:1; } } }
                """, false);
        assertThat(c.notes()).filteredOn(n -> n.severity() == Severity.NO_EFFECT).extracting(Note::line)
                .containsExactly(1, 2, 4, 5, 6);
        assertThat(c.pid()).isEqualTo(Path.of("/run/nginx.pid"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http { server { listen; location / { proxy_pass http://a:1; } } } | invalid number of arguments in \"listen\" directive in t.conf:1",
        "http { server { proxy_pass http://a:1; } } | \"proxy_pass\" directive is not allowed here in t.conf:1",
        "http { server { listen 99999; location / { proxy_pass http://a:1; } } } | invalid port in \"99999\" of the \"listen\" directive in t.conf:1",
        "http { server { location / { proxy_pass ftp://a; } } } | invalid URL prefix in \"ftp://a\" in t.conf:1",
        "http { proxy_read_timeout 1x; server { location / { proxy_pass http://a:1; } } } | \"proxy_read_timeout\" directive invalid value \"1x\" in t.conf:1",
        "http { proxy_read_timeout 1s; proxy_read_timeout 2s; server { location / { proxy_pass http://a:1; } } } | \"proxy_read_timeout\" directive is duplicate in t.conf:1",
        "http { server { location ~ \\.php$ { proxy_pass http://a:1/x; } } } | \"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block in t.conf:1",
        "http { server { location /a/ { location @n { return 404; } } } } | named location \"@n\" can be on the server level only in t.conf:1",
        "http { server { server_name a.*.test; } } | invalid server name or wildcard \"a.*.test\" in t.conf:1",
        "http { server { return 700; } } | return 700: Telltale answers with 100..599 or 444 in t.conf:1",
        "http { server { location / { try_files $uri @nope; } } } | could not find named location \"@nope\" in t.conf:1",
        "http { server { location /x { root /a; alias /b; } } } | \"alias\" directive is duplicate, \"root\" directive was specified earlier in t.conf:1",
        "http { server { location / { proxy_pass http://$backend; } } } | proxy_pass http://$backend: variables are not supported (except $request_uri at the end) in t.conf:1",
        "http { server { add_header X-A $cookie_sid; } } | add_header X-A $cookie_sid: variable $cookie_sid is not supported (expected: $host, $http_host, $http_NAME, $uri, $request_uri, $args, $is_args, $query_string, $scheme, $remote_addr, $remote_port, $server_port, $server_addr, $request_method, $request_id, $proxy_add_x_forwarded_for) in t.conf:1",
        "http { access_log /tmp/a.log main; server { } } | unknown log format \"main\" in t.conf:1",
        "http { proxy_buffering maybe; server { } } | invalid value \"maybe\" in \"proxy_buffering\" directive, it must be \"on\" or \"off\" in t.conf:1",
        "http { server { location /a/ { location /b/ { proxy_pass http://a:1; } } } } | location \"/b/\" is outside location \"/a/\" in t.conf:1",
        "http { server listen; } | directive \"server\" has no opening \"{\" in t.conf:1",
        "http { } | no \"server\" block in t.conf: nothing for Telltale to serve",
        "events { } | no \"http\" block in t.conf (expected: http { server { location / { proxy_pass http://127.0.0.1:3000; } } })",
    })
    void badDirectives_areReportedNginxStyle(String text, String expected) {
        assertThat(errors(text)).contains(expected);
    }

    @Test
    void serverWithoutLocations_answers404ForItsHostsRatherThanFallingThrough() throws Exception {
        NginxConversion c = convert("""
                http {
                    server { listen 80; location / { proxy_pass http://127.0.0.1:1; } }
                    server { listen 80; server_name quiet.test; }
                }
                """, false);
        assertThat(c.config().routes()).extracting(RouteConfig::host, RouteConfig::path, RouteConfig::returns)
                .containsExactly(tuple(null, PathMatch.ROOT, null),
                        tuple("quiet.test", PathMatch.ROOT, new ReturnConfig(404, null, null, null)));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n.message()).startsWith("server without location /: a path "
                + "none of its locations matches gets 404"));
    }
}
