package dev.telltale.nginx;

import dev.telltale.config.Config;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ConfigOrigins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NginxYamlTest {
    /** Every route key the converter writes: listeners, host forms, path kinds, names, return, files, pages. */
    static final String RICH = """
            pid /tmp/telltale-test.pid;
            http {
                root /srv/www;
                default_type text/html;
                add_header X-Frame-Options DENY;
                error_page 404 /404.html;
                log_format main '$remote_addr "$request" $status $request_time';
                access_log /tmp/access.log main;
                server {
                    listen 127.0.0.1:8080 default_server;
                    server_name .example.test www.shop.* ~^(?<sub>[a-z]+)\\.apps\\.test$;
                    location = /health { return 200 "ok\\n"; }
                    location ^~ /assets/ { alias /srv/assets/; index main.html; add_header Cache-Control "max-age=60" always; }
                    location ~* \\.(png|gif)$ { expires 1d; root /srv/img; }
                    location /api/ {
                        proxy_pass http://127.0.0.1:3000/v1/;
                        proxy_set_header Host $host;
                        proxy_set_header X-Client "$remote_addr $http_user_agent";
                        error_page 502 = @down;
                        proxy_redirect default;
                        proxy_redirect http://old.test/ /;
                        location ~* \\.map$ { return 404; }
                    }
                    location /spa/ { try_files $uri $uri/ /spa/index.html; error_page 403 =404 /404.html; }
                    location @down { return 503 "down"; }
                }
                server {
                    listen 127.0.0.1:8081;
                    server_name old.test;
                    return https://new.test$request_uri;
                }
            }
            """;

    static Config withoutOrigins(Config c) {
        return new Config(c.server(), c.admin(), c.diagnostics(), c.logs(), c.upstreams(), c.routes(), ConfigOrigins.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        NginxConverterTest.SPA,
        RICH,
        """
        error_log stderr;
        http {
            client_max_body_size 0;
            keepalive_timeout 1d;
            access_log off;
            upstream backend {
                random two least_conn;
                server 127.0.0.1:3001 weight=2;
                server [::1]:3002 backup;
                keepalive 8;
                keepalive_timeout 90s;
            }
            server {
                listen 8080 default_server;
                listen [::]:8080;
                server_name a.test *.b.test;
                proxy_set_header X-Quote "say \\"hi\\"\\tthere";
                proxy_set_header Accept-Encoding "";
                proxy_hide_header Server;
                location /api/ { proxy_pass http://backend/v1/; proxy_read_timeout 2m; proxy_next_upstream_tries 3; }
                location = /health { proxy_pass https://127.0.0.1:8443; proxy_set_header Host $http_host; }
            }
            server { listen 8080; server_name c.test; location / { proxy_pass http://backend; } }
        }
        """,
    })
    void convertedYaml_loadsBackToAnEqualConfig(String nginx) throws Exception {
        NginxConversion c = NginxConverterTest.convert(nginx, true);
        String yaml = NginxYaml.write(c, "t.conf");
        Config loaded = ConfigLoader.parse(yaml, "out.yaml");
        assertThat(withoutOrigins(loaded)).isEqualTo(withoutOrigins(c.config()));
    }

    @Test
    void everyDroppedOrApproximatedDirective_hasALineComment() throws Exception {
        NginxConversion c = NginxConverterTest.convert(RICH, true);
        String yaml = NginxYaml.write(c, "t.conf");
        assertThat(c.warnings()).hasSizeGreaterThan(3);
        for (Note n : c.warnings()) {
            assertThat(yaml).contains("# line " + n.line() + ": " + n.severity().wireName() + ": " + n.message());
        }
        assertThat(yaml).startsWith("# Converted from t.conf by telltale nginx-convert.\n");
    }
}
