package dev.telltale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** Every key, each set to something other than its default. */
    static final String FULL = """
            server:
              listen: ["0.0.0.0:8081", "[::]:8082"]
              workers: 3
              shutdown_grace: 30s
              limits:
                max_header_bytes: 32k
                max_body_bytes: 0
                client_header_timeout: 2s
                client_idle_timeout: 1m
                max_connections: 10_000_0
              resolver:
                servers: ["127.0.0.53:53", "[::1]:5353"]
                timeout: 750ms
            admin:
              listen: "[::1]:9902"
              token: s3cret
            diagnostics:
              detail: full
              trusted: ["10.0.0.0/8"]
              timeout_status: 504
              reports: { max_entries: 50, ttl: 1h }
            logs:
              access: { target: /var/log/telltale/access.log, format: combined }
              error: { target: stdout, format: nginx }
            upstreams:
              app:
                servers:
                  - http://127.0.0.1:3000
                  - { url: "https://[::1]:3001", weight: 2 }
                  - { url: "http://backup.local:3002", backup: true, max_conns: 8 }
                balance: least_conn
                timeouts: { connect: 1s, send: 2s, read: 3s }
                keepalive: { max_idle: 4, idle_timeout: 5s }
                passive_health: { max_fails: 3, fail_timeout: 30s }
                health_check: { path: /healthz, interval: 7s, timeout: 1s, expect_status: 200-204, healthy_after: 1, unhealthy_after: 5 }
                retry: { tries: 5, budget: 20s }
                queue: { size: 100, timeout: 3s }
              api:
                servers: http://127.0.0.1:4000
                balance: random_two
                timeouts: { read: 90s }
            routes:
              - match: { host: "api.example.com", path_prefix: "/api/" }
                upstream: api
                strip_prefix: "/api"
                add_prefix: "/v2"
                preserve_host: false
                timeouts: { connect: 1s, read: 120s }
                headers:
                  request: { set: { X-Env: dev, X-Empty: }, remove: [X-Debug] }
                  response: { set: {}, remove: [Server, X-Powered-By] }
              - upstream: app
                timeouts: { send: 9s }
              - match: { host: '~^www\\.', listen: "0.0.0.0:8081", path_regex: '\\.PNG$', ignore_case: true }
                return: { status: 200, body: "png\\n", content_type: text/plain }
              - match: { path: /old }
                return: { status: 301, location: "https://$host/new" }
              - name: spa
                match: { path_prefix: /static/, skip_regex: true }
                static: { root: /srv/www, index: [index.html, index.htm], try_files: [$uri, $uri/, /index.html] }
                error_pages: [{ status: [404, 403], uri: /404.html, code: 200 }, { status: 500, uri: "@spa" }]
                headers:
                  response:
                    add: [{ name: X-Frame-Options, value: DENY }, { name: Cache-Control, value: no-store, always: true }]
                    rewrite_location: [{ from: "http://10.0.0.1:3000/", to: /static/ }]
              - match: { path_prefix: /files/ }
                static: { alias: /srv/files/ }
            """;

    @Test
    void fullConfig_everyKeyParsed() throws ConfigException {
        Config c = ConfigLoader.parse(FULL, "full.yaml");

        ServerConfig s = c.server();
        assertThat(s.listen()).containsExactly(new ListenAddress("0.0.0.0", 8081), new ListenAddress("::", 8082));
        assertThat(s.workers()).isEqualTo(3);
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.limits()).isEqualTo(new Limits(32 * 1024, 0, Duration.ofSeconds(2), Duration.ofMinutes(1), 100_000));
        assertThat(s.resolver()).isEqualTo(new ResolverConfig(
                List.of(new ListenAddress("127.0.0.53", 53), new ListenAddress("::1", 5353)), Duration.ofMillis(750)));
        assertThat(c.admin()).isEqualTo(new AdminConfig(new ListenAddress("::1", 9902), "s3cret"));
        assertThat(c.diagnostics()).isEqualTo(new DiagnosticsConfig(DetailLevel.FULL, List.of(Cidr.parse("10.0.0.0/8")),
                504, 50, Duration.ofHours(1)));
        assertThat(c.logs()).isEqualTo(new LogsConfig(new LogConfig("/var/log/telltale/access.log", "combined"),
                new LogConfig("stdout", "nginx")));

        UpstreamConfig app = c.upstreams().get("app");
        assertThat(app.servers()).containsExactly(
                UpstreamServer.parse("http://127.0.0.1:3000", 1, false),
                UpstreamServer.parse("https://[::1]:3001", 2, false),
                new UpstreamServer("http://backup.local:3002", "backup.local", 3002, false, 1, true, 8));
        assertThat(app.servers().get(0).maxConns()).isZero();
        assertThat(app.servers().get(1).tls()).isTrue();
        assertThat(app.servers().get(1).host()).isEqualTo("::1");
        assertThat(app.balance()).isEqualTo(UpstreamConfig.Balance.LEAST_CONN);
        assertThat(app.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThat(app.keepalive()).isEqualTo(new UpstreamConfig.Keepalive(4, Duration.ofSeconds(5)));
        assertThat(app.passiveHealth()).isEqualTo(new UpstreamConfig.PassiveHealth(3, Duration.ofSeconds(30)));
        assertThat(app.healthCheck()).isEqualTo(
                new UpstreamConfig.HealthCheck("/healthz", Duration.ofSeconds(7), Duration.ofSeconds(1),
                        new UpstreamConfig.StatusRange(200, 204), 1, 5));
        assertThat(app.retry()).isEqualTo(new UpstreamConfig.Retry(5, Duration.ofSeconds(20)));
        assertThat(app.queue()).isEqualTo(new UpstreamConfig.Queue(100, Duration.ofSeconds(3)));

        UpstreamConfig api = c.upstreams().get("api");
        assertThat(api.servers()).extracting(UpstreamServer::url).containsExactly("http://127.0.0.1:4000");
        assertThat(api.balance()).isEqualTo(UpstreamConfig.Balance.RANDOM_TWO);
        assertThat(api.timeouts()).as("unset timeouts take the defaults")
                .isEqualTo(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(90)));
        assertThat(api.healthCheck()).isNull();

        assertThat(c.routes()).hasSize(6);
        RouteConfig r = c.routes().get(0);
        assertThat(r.host()).isEqualTo("api.example.com");
        assertThat(r.pathPrefix()).isEqualTo("/api/");
        assertThat(r.upstream()).isEqualTo("api");
        assertThat(r.stripPrefix()).isEqualTo("/api");
        assertThat(r.addPrefix()).isEqualTo("/v2");
        assertThat(r.preserveHost()).isFalse();
        assertThat(r.timeouts()).as("a route overrides only what it sets")
                .isEqualTo(new Timeouts(Duration.ofSeconds(1), null, Duration.ofSeconds(120)));
        assertThat(r.requestHeaders()).isEqualTo(new HeaderRules(Map.of("X-Env", "dev", "X-Empty", ""), List.of("X-Debug")));
        assertThat(r.responseHeaders()).isEqualTo(new HeaderRules(Map.of(), List.of("Server", "X-Powered-By")));
        assertThat(c.routes().get(1)).isEqualTo(new RouteConfig(null, "/", "app", null, true,
                new Timeouts(null, Duration.ofSeconds(9), null), null, null));

        RouteConfig png = c.routes().get(2);
        assertThat(png.host()).isEqualTo("~^www\\.");
        assertThat(png.listen()).isEqualTo(new ListenAddress("0.0.0.0", 8081));
        assertThat(png.path()).isEqualTo(PathMatch.regex("\\.PNG$", true));
        assertThat(png.path().pattern().matcher("/a.png").find()).isTrue();
        assertThat(png.returns()).isEqualTo(new ReturnConfig(200, null, "png\n", "text/plain"));
        assertThat(png.upstream()).isNull();
        assertThat(c.routes().get(3).path()).isEqualTo(PathMatch.exact("/old"));
        assertThat(c.routes().get(3).returns()).isEqualTo(new ReturnConfig(301, "https://$host/new", null, null));
        RouteConfig spa = c.routes().get(4);
        assertThat(spa.name()).isEqualTo("spa");
        assertThat(spa.path()).isEqualTo(PathMatch.prefix("/static/", true));
        assertThat(spa.files()).isEqualTo(new StaticConfig("/srv/www", null, List.of("index.html", "index.htm"),
                List.of("$uri", "$uri/", "/index.html")));
        assertThat(spa.errorPages()).containsExactly(new ErrorPage(List.of(404, 403), "/404.html", 200),
                new ErrorPage(List.of(500), "@spa", null));
        assertThat(spa.responseHeaders().add()).containsExactly(new HeaderAdd("X-Frame-Options", "DENY", false),
                new HeaderAdd("Cache-Control", "no-store", true));
        assertThat(spa.responseHeaders().rewriteLocation()).containsExactly(
                new LocationRewrite("http://10.0.0.1:3000/", "/static/"));
        assertThat(c.routes().get(5).files()).isEqualTo(new StaticConfig(null, "/srv/files/",
                StaticConfig.DEFAULT_INDEX, List.of()));
    }

    @Test
    void fullConfig_usesEverySchemaKey() throws ConfigException {
        // Guards the FULL fixture itself: a key added to the schema must be exercised here too.
        Config c = ConfigLoader.parse(FULL, "full.yaml");

        assertThat(Schema.knownKeys()).allSatisfy(key -> assertThat(c.origins().lines().keySet())
                .as("FULL sets %s", key)
                .anyMatch(set -> set.matches(key.replace(".", "\\.").replace("*", "[^.]+"))));
    }

    @Test
    void emptySections_takeTheRecordDefaults() throws ConfigException {
        Config c = ConfigLoader.parse("server: {}\nadmin:\ndiagnostics: {}\nlogs: {}\n", "t.yaml");

        assertSameAsDefaults(c);
    }

    @Test
    void noUpstreamsAndNoRoutes_giveTheDefaultAppAndCatchAllRoute() throws ConfigException {
        Config c = ConfigLoader.parse("server:\n  workers: 2\n", "t.yaml");

        assertThat(c.server().workers()).isEqualTo(2);
        assertThat(c.upstreams()).isEqualTo(Config.defaults().upstreams());
        assertThat(c.routes()).isEqualTo(Config.defaults().routes());
    }

    @Test
    void oneUpstreamAndNoRoutes_sendsEverythingThere() throws ConfigException {
        Config c = ConfigLoader.parse("upstreams:\n  web: { servers: [http://10.0.0.1:80] }\n", "t.yaml");

        assertThat(c.routes()).containsExactly(new RouteConfig(null, "/", "web", null, true, null, null, null));
    }

    @Test
    void urlShorthand_addsAnUpstreamNamedByTheUrl() throws ConfigException {
        Config c = ConfigLoader.parse("""
                routes:
                  - match: { path_prefix: /a/ }
                    upstream: http://127.0.0.1:4000
                  - upstream: http://127.0.0.1:4000
                """, "t.yaml");

        assertThat(c.upstreams()).containsOnlyKeys("http://127.0.0.1:4000");
        assertThat(c.upstreams().get("http://127.0.0.1:4000"))
                .isEqualTo(UpstreamConfig.ofUrl("http://127.0.0.1:4000", "http://127.0.0.1:4000"));
        assertThat(c.routes()).extracting(RouteConfig::upstream).containsOnly("http://127.0.0.1:4000");
    }

    @Test
    void urlShorthand_mixesWithNamedUpstreams() throws ConfigException {
        Config c = ConfigLoader.parse("""
                upstreams:
                  app: { servers: [http://127.0.0.1:3000] }
                routes:
                  - { match: { path_prefix: /legacy/ }, upstream: "https://legacy.internal" }
                  - { upstream: app }
                """, "t.yaml");

        assertThat(c.upstreams()).containsOnlyKeys("app", "https://legacy.internal");
        assertThat(c.upstreams().get("https://legacy.internal").servers().get(0).port()).isEqualTo(443);
    }

    @Test
    void origins_holdTheFileAndTheLineOfEachKey() throws ConfigException {
        Config c = ConfigLoader.parse(FULL, "conf/telltale.yaml");
        ConfigOrigins o = c.origins();

        assertThat(o.file()).isEqualTo("conf/telltale.yaml");
        assertThat(o.lines()).containsEntry("server", 1)
                .containsEntry("server.limits.max_body_bytes", 7)
                .containsEntry("admin.token", 16)
                .containsEntry("diagnostics.detail", 18)
                .containsEntry("diagnostics.reports.ttl", 21)
                .containsEntry("upstreams.app.servers.1.weight", 29)
                .containsEntry("upstreams.app.timeouts.read", 32)
                .containsEntry("upstreams.api.timeouts.read", 41)
                .containsEntry("routes.0", 43)
                .containsEntry("routes.0.timeouts.read", 48)
                .containsEntry("routes.1.upstream", 52)
                .containsEntry("routes.1.timeouts.send", 53);
        assertThat(o.of("upstreams.app.timeouts.read")).contains("conf/telltale.yaml:32");
        assertThat(o.of("upstreams.app.timeouts.send")).contains("conf/telltale.yaml:32");
        assertThat(o.of("routes.1.timeouts.read")).as("left at its default").isEmpty();
        assertThat(o.lines()).doesNotContainKey("upstreams.api.timeouts.send");
    }

    @Test
    void load_namesTheFileAsGiven(@TempDir Path dir) throws IOException, ConfigException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, "server:\n  workers: 2\n");

        Config c = ConfigLoader.load(file);

        assertThat(c.origins().file()).isEqualTo(file.toString());
        assertThat(c.origins().of("server.workers")).contains(file + ":2");
    }

    @Test
    void load_missingFile_isOneErrorWithoutPosition(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e.errors()).containsExactly(ConfigError.ofFile(file.toString(), "cannot read: No such file"));
        assertThat(e.describe()).isEqualTo(file + ": cannot read: No such file");
    }

    @Test
    void load_directory_isOneError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": cannot read: Is a directory");
    }

    @Test
    void load_notUtf8_isOneError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessage(file + ": cannot read: not UTF-8 text");
    }

    @Test
    void load_emptyFile_isOneError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": empty config");
    }

    @Test
    void scalarWhereAListIsAllowed_isAOneItemList() throws ConfigException {
        Config c = ConfigLoader.parse("server: { listen: \"[::1]:9000\" }\ndiagnostics: { trusted: 10.0.0.0/8 }\n", "t");

        assertThat(c.server().listen()).containsExactly(new ListenAddress("::1", 9000));
        assertThat(c.diagnostics().trusted()).containsExactly(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void adminListenOff_disablesTheAdminPlane() throws ConfigException {
        Config c = ConfigLoader.parse("admin: { listen: off }\n", "t");

        assertThat(c.admin().enabled()).isFalse();
    }

    @Test
    void workersAuto_isZero() throws ConfigException {
        assertThat(ConfigLoader.parse("server: { workers: auto }\n", "t").server().workers()).isZero();
    }

    @Test
    void sizes_acceptPlainIntegersAndUnits() throws ConfigException {
        Config c = ConfigLoader.parse("server: { limits: { max_header_bytes: 4096, max_body_bytes: 1g } }\n", "t");

        assertThat(c.server().limits().maxHeaderBytes()).isEqualTo(4096);
        assertThat(c.server().limits().maxBodyBytes()).isEqualTo(1L << 30);
    }

    @Test
    void anchorsAndAliases_areFollowed() throws ConfigException {
        Config c = ConfigLoader.parse("""
                upstreams:
                  a: { servers: [http://127.0.0.1:1], timeouts: &slow { read: 5m } }
                  b: { servers: [http://127.0.0.1:2], timeouts: *slow }
                routes: [ { upstream: a }, { match: { path_prefix: /b/ }, upstream: b } ]
                """, "t");

        assertThat(c.upstreams().get("b").timeouts().read()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aliasBomb_isRefusedCleanly() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append("]\n");
        }

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(y.toString(), "bomb"));

        assertThat(e).isNotNull();
        assertThat(e.describe()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void globalYamlTags_areRefusedNeverConstructed() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("x: !!javax.script.ScriptEngineManager [!!java.net.URL [\"http://h/\"]]\n", "t"));

        assertThat(e.describe()).startsWith("t:1:4: invalid YAML: Global tag is not allowed");
    }

    @Test
    void oversizedText_isOneError() {
        String huge = "# " + "x".repeat(ConfigLoader.MAX_CHARS) + "\n";

        assertThatThrownBy(() -> ConfigLoader.parse(huge, "big.yaml")).hasMessageStartingWith("big.yaml: too large");
    }

    @Test
    void describeErrors_printsOneFileLineColumnLinePerErrorInFileOrder() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                upstreams:
                  app: { servers: [http://127.0.0.1:3000], retry: { tries: 0 } }
                server:
                  workers: many
                """, "conf/telltale.yaml"));

        assertThat(ConfigLoader.describeErrors(e).split("\n")).containsExactly(
                "conf/telltale.yaml:2:60: upstreams.app.retry.tries: 0 (expected: 1..100)",
                "conf/telltale.yaml:4:12: server.workers: expected auto or a whole number, got 'many'");
        assertThat(e.errors()).extracting(ConfigError::line).containsExactly(2, 4);
        assertThat(e.getStackTrace()).as("expected failures carry no stack trace").isEmpty();
    }

    @Test
    void healthCheck_withOnlyAPath_takesTheDefaults() throws ConfigException {
        Config c = ConfigLoader.parse("upstreams:\n  app: { servers: [http://127.0.0.1:3000], health_check: { path: /up } }\n",
                "t.yaml");

        UpstreamConfig.HealthCheck h = c.upstreams().get("app").healthCheck();
        assertThat(h).isEqualTo(new UpstreamConfig.HealthCheck("/up", Duration.ofSeconds(5), Duration.ofSeconds(2),
                new UpstreamConfig.StatusRange(200, 399), 2, 3));
        assertThat(h.expectStatus()).hasToString("200-399");
    }

    @Test
    void expectStatus_singleCode_isARangeOfOne() throws ConfigException {
        Config c = ConfigLoader.parse("upstreams:\n  app: { servers: [http://127.0.0.1:3000], "
                + "health_check: { path: /up, expect_status: 204 } }\n", "t.yaml");

        UpstreamConfig.StatusRange r = c.upstreams().get("app").healthCheck().expectStatus();
        assertThat(r).isEqualTo(new UpstreamConfig.StatusRange(204, 204)).hasToString("204");
        assertThat(r.contains(204)).isTrue();
        assertThat(r.contains(200)).isFalse();
    }

    @Test
    void expectStatus_outOfRange_namesTheKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "upstreams:\n  app: { servers: [http://127.0.0.1:3000], health_check: { path: /up, expect_status: 600 } }\n",
                "t.yaml"));

        assertThat(ConfigLoader.describeErrors(e)).isEqualTo("t.yaml:2:86: upstreams.app.health_check.expect_status: "
                + "600 (expected: a status code such as 204, or a range such as 200-399, within 100..599)");
    }

    static void assertSameAsDefaults(Config c) {
        Config d = Config.defaults();
        assertThat(c.server()).isEqualTo(d.server());
        assertThat(c.admin()).isEqualTo(d.admin());
        assertThat(c.diagnostics()).isEqualTo(d.diagnostics());
        assertThat(c.logs()).isEqualTo(d.logs());
        assertThat(c.upstreams()).isEqualTo(d.upstreams());
        assertThat(c.routes()).isEqualTo(d.routes());
    }
}
