package dev.telltale.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigLoader;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The process as the CLI runs it: proxy, logs and admin plane together. */
class RunnerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private Runner start(Path dir, String upstreamUrl, String extra) throws Exception {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, "server: { listen: [\"127.0.0.1:0\"] }\nadmin: { listen: \"127.0.0.1:0\" }\n"
                + "diagnostics: { detail: full }\nlogs: { access: { target: off }, error: { target: off } }\n"
                + "upstreams: { app: { servers: [\"" + upstreamUrl + "\"], passive_health: { max_fails: 0 } } }\n"
                + extra);
        Config config = ConfigLoader.load(file);
        return Runner.start(file, config);
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    @Test
    void refusedRequest_hasItsReportOnTheAdminPlaneAndTheWatchSeesTheAppComeBack(@TempDir Path dir)
            throws Exception {
        int appPort = FaultServer.deadPort();
        Runner runner = start(dir, "http://127.0.0.1:" + appPort, "");
        try {
            int port = runner.proxy().port();
            String id;
            try (RawHttp c = new RawHttp(port)) {
                c.send("GET /x HTTP/1.1\r\nHost: a\r\nAccept: application/problem+json\r\n\r\n");
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(502);
                id = r.header("x-request-id");
            }
            JsonNode report = get(runner.admin().port(), "/reports/" + id);
            assertThat(report.get("cause").asText()).isEqualTo("refused");
            assertThat(report.get("request_id").asText()).isEqualTo(id);

            assertThat(get(port, "/.well-known/telltale/watch/" + id).get("up").asBoolean()).isFalse();
            try (ServerSocket back = new ServerSocket()) {
                back.bind(new InetSocketAddress("127.0.0.1", appPort));
                assertThat(get(port, "/.well-known/telltale/watch/" + id).get("up").asBoolean()).isTrue();
            }
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/.well-known/telltale/watch/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
        } finally {
            runner.shutdown();
        }
    }

    @Test
    void reload_appliesAGoodConfigAndKeepsTheOldOneOnErrors(@TempDir Path dir) throws Exception {
        try (FaultServer a = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
             FaultServer b = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb")) {
            Runner runner = start(dir, a.url(), "");
            try {
                int port = runner.proxy().port();
                assertThat(body(port)).isEqualTo("a");
                Path file = dir.resolve("t.yaml");
                String good = Files.readString(file).replace(a.url(), b.url());
                Files.writeString(file, good + "oops: 1\n");
                assertThat(runner.reloadErrors()).singleElement().asString().contains("t.yaml:6:1: unknown key 'oops'");
                assertThat(body(port)).isEqualTo("a");
                Files.writeString(file, good);
                assertThat(runner.reloadErrors()).isEmpty();
                assertThat(body(port)).isEqualTo("b");
            } finally {
                runner.shutdown();
            }
        }
    }

    private static Path writeConfig(Path dir, int port, String upstreamUrl) throws Exception {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, "server: { listen: [\"127.0.0.1:" + port + "\"] }\nadmin: { listen: off }\n"
                + "logs: { access: { target: off }, error: { target: off } }\n"
                + "upstreams: { app: { servers: [\"" + upstreamUrl + "\"] } }\n");
        return file;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void reload_rebindsChangedListenersAndKeepsOpenConnections(@TempDir Path dir) throws Exception {
        try (FaultServer app = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            int first = freePort();
            int second = freePort();
            Path file = writeConfig(dir, first, app.url());
            Runner runner = Runner.start(file, ConfigLoader.load(file));
            try (RawHttp open = new RawHttp(first)) {
                open.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(open.read().text()).isEqualTo("ok");

                writeConfig(dir, second, app.url());
                assertThat(runner.reloadErrors()).isEmpty();

                assertThat(body(second)).isEqualTo("ok");
                assertThat(runner.proxy().addresses()).extracting(InetSocketAddress::getPort).containsExactly(second);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RawHttp(first))
                        .isInstanceOf(java.net.ConnectException.class);
                open.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"); // accepted before the reload
                assertThat(open.read().text()).isEqualTo("ok");
            } finally {
                runner.shutdown();
            }
        }
    }

    @Test
    void reload_toAnAddressInUse_isRejectedAndChangesNothing(@TempDir Path dir) throws Exception {
        try (FaultServer app = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
             ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = freePort();
            Path file = writeConfig(dir, port, app.url());
            Runner runner = Runner.start(file, ConfigLoader.load(file));
            try {
                writeConfig(dir, taken.getLocalPort(), app.url());
                assertThat(runner.reloadErrors()).singleElement().asString()
                        .contains("cannot bind 127.0.0.1:" + taken.getLocalPort());
                assertThat(body(port)).isEqualTo("ok");
                assertThat(runner.proxy().addresses()).extracting(InetSocketAddress::getPort).containsExactly(port);
            } finally {
                runner.shutdown();
            }
        }
    }

    @Test
    void reloadsUnderLoad_loseNoRequest(@TempDir Path dir) throws Exception {
        try (FaultServer a = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
             FaultServer b = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb")) {
            int port = freePort();
            Path file = writeConfig(dir, port, a.url());
            Runner runner = Runner.start(file, ConfigLoader.load(file));
            java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.List<Thread> clients = new java.util.ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    Thread client = new Thread(() -> {
                        while (!done.get()) {
                            try (RawHttp c = new RawHttp(port)) { // keep-alive: 50 requests per connection
                                for (int i = 0; i < 50 && !done.get(); i++) {
                                    c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                                    RawHttp.Response r = c.read();
                                    if (r.status() == 200) {
                                        ok.incrementAndGet();
                                    } else {
                                        failures.add("status " + r.status());
                                    }
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    });
                    client.start();
                    clients.add(client);
                }
                // At least 10 reloads, and on until a few thousand requests went through them.
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                for (int i = 0; i < 10 || (ok.get() < 2000 && System.nanoTime() < deadline); i++) {
                    Thread.sleep(100);
                    writeConfig(dir, port, (i % 2 == 0 ? b : a).url());
                    assertThat(runner.reloadErrors()).isEmpty();
                }
            } finally {
                done.set(true);
                for (Thread c : clients) {
                    c.join(5000);
                }
                runner.shutdown();
            }
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThanOrEqualTo(2000);
        }
    }

    private static String body(int port) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            return c.read().text();
        }
    }
}
