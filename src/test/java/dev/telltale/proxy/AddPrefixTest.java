package dev.telltale.proxy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.telltale.config.RouteConfig;
import dev.telltale.testing.ProxyFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code add_prefix} joins as nginx joins a proxy_pass URI part with the rest of the path. */
class AddPrefixTest {
    @RegisterExtension
    static WireMockExtension app = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest(name = "{0} strip {1} add {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "/api/x?q=1 | /api/ | /v1/ | /v1/x?q=1",
        "/api/      | /api/ | /v1/ | /v1/",
        "/api/x     | /api  | /    | //x",
        "/apix      | /api  | /v1  | /v1x",
        "/x         | -     | /v1  | /v1/x",
    })
    void addPrefix_isJoinedAsWritten(String path, String strip, String add, String upstreamSees) throws Exception {
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        app.resetRequests();
        try (ProxyFixture proxy = ProxyFixture.builder().upstream("app", app.baseUrl())
                .route(new RouteConfig(null, "/", "app", strip, true, null, null, null, add)).start()) {
            HttpResponse<Void> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.uri(path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(app.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo(upstreamSees);
        }
    }
}
