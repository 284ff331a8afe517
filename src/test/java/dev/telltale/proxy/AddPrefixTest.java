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

/**
 * {@code add_prefix} joins as nginx joins a proxy_pass URI part with the rest of the path, and a
 * rewritten path is the normalised one.
 */
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
        // nginx sends the normalised $uri, escaped again, when proxy_pass has a URI part
        "/api//x//y       | /api/ | /v2/ | /v2/x/y",
        "/api/./x/../y    | /api/ | /v2/ | /v2/y",
        "/api/%61bc       | /api/ | /v2/ | /v2/abc",
        "/api/a%2Fb       | /api/ | /v2/ | /v2/a/b",
        "/api/a%20b?q=%20 | /api/ | /v2/ | /v2/a%20b?q=%20",
        "/api/caf%c3%a9   | /api/ | /v2/ | /v2/caf%C3%A9",
        "/api/%3F%23?     | /api/ | /v2/ | /v2/%3F%23",
        "/api//x?a=1      | /api/ | -    | /x?a=1",
        // without either rule the target goes out as received
        "/a//b/./%61?x=1  | -     | -    | /a//b/./%61?x=1",
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
