package dev.telltale.nginx;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.telltale.boot.Telltale;
import dev.telltale.config.Config;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** Telltale run from an nginx config in front of WireMock: the upstream sees what nginx would send. */
class NginxEndToEndTest {
    @RegisterExtension
    static WireMockExtension app = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void nginxConfig_upstreamSeesRewrittenPathHostAndHeaders(@TempDir Path dir) throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Powered-By", "php")
                .withBody("ok")));
        int port = app.getPort();
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                events { worker_connections 64; }
                http {
                    include conf.d/*.conf;
                }
                """);
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/app.conf"), """
                upstream app { server 127.0.0.1:%d; keepalive 4; }
                server {
                    listen 127.0.0.1:8080;
                    proxy_hide_header X-Powered-By;
                    location /api/ {
                        proxy_pass http://127.0.0.1:%d/v1/;
                        proxy_set_header X-Env "dev";
                    }
                    location /keep/ {
                        proxy_pass http://app;
                        proxy_set_header Host $http_host;
                    }
                }
                """.formatted(port, port));
        NginxConversion c = Nginx.load(dir.resolve("nginx.conf"), false);
        Config cfg = onPortZero(c.config());
        try (Telltale proxy = Telltale.start(cfg)) {
            int proxyPort = proxy.addresses().get(0).getPort();
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxyPort + "/api/users?id=7")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("X-Powered-By")).isEmpty();
            LoggedRequest seen = app.getAllServeEvents().get(0).getRequest();
            assertThat(seen.getUrl()).isEqualTo("/v1/users?id=7");
            assertThat(seen.getHeader("Host")).isEqualTo("127.0.0.1:" + port); // nginx's $proxy_host
            assertThat(seen.getHeader("X-Env")).isEqualTo("dev");

            app.resetRequests();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/keep/a")).build(),
                    HttpResponse.BodyHandlers.ofString());
            LoggedRequest kept = app.getAllServeEvents().get(0).getRequest();
            assertThat(kept.getUrl()).isEqualTo("/keep/a");
            assertThat(kept.getHeader("Host")).isEqualTo("127.0.0.1:" + proxyPort);
        }
    }

    /** The same config bound to a free port, since a test cannot own 8080. */
    static Config onPortZero(Config c) {
        ServerConfig s = c.server();
        return new Config(new ServerConfig(List.of(new ListenAddress("127.0.0.1", 0)), 1, s.shutdownGrace(),
                s.limits(), s.resolver()), c.admin(), c.diagnostics(), c.logs(), c.upstreams(), c.routes(), c.origins());
    }
}
