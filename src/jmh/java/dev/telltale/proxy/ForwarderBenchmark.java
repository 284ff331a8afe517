package dev.telltale.proxy;

import dev.telltale.config.HeaderRules;
import dev.telltale.config.RouteConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Forwarder}'s header rewrite, which runs once per proxied request in each direction:
 * {@code rewriteRequest} on a 12-header Chrome navigation request (hop-by-hop {@code Connection:
 * keep-alive} removed, five {@code X-*} headers added), with and without a route's {@code set}/
 * {@code remove} rules, and {@code rewriteResponse} on a 9-header upstream response.
 *
 * <p>The rewrite works in place, so every operation first copies the template message; the
 * {@code copy*} benchmarks measure that copy alone: subtract them to get the rewrite's own cost
 * (time and, with {@code -prof gc}, bytes). Unit: ns/op (one message).
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar ForwarderBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ForwarderBenchmark {
    private static final String CLIENT_IP = "192.0.2.10";
    private static final String REQUEST_ID = "4f1c2a9be07d4c31a8f6d52e9b0c7e13";

    private final HttpRequest request = browserRequest();
    private final HttpResponse response = upstreamResponse();
    private final RouteConfig plainRoute = new RouteConfig("shop.example.test", "/", "app", null, true, null, null,
            null);
    private final RouteConfig rulesRoute = new RouteConfig("shop.example.test", "/api/", "api", "/api", true, null,
            new HeaderRules(Map.of("X-Env", "prod"), List.of("Cookie")),
            new HeaderRules(Map.of("Strict-Transport-Security", "max-age=31536000"), List.of("Server")));
    private final HeaderPlan rulesRequest = HeaderPlan.of(rulesRoute.requestHeaders());

    /** A Chrome navigation request: 12 headers, as Netty's decoder would produce them. */
    static HttpRequest browserRequest() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Host", "shop.example.test");
        h.add("Connection", "keep-alive");
        h.add("Cache-Control", "max-age=0");
        h.add("Upgrade-Insecure-Requests", "1");
        h.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36");
        h.add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7");
        h.add("Sec-Fetch-Site", "same-origin");
        h.add("Sec-Fetch-Mode", "navigate");
        h.add("Sec-Fetch-Dest", "document");
        h.add("Referer", "https://shop.example.test/api/catalog?page=2");
        h.add("Accept-Encoding", "gzip, deflate, br, zstd");
        h.add("Cookie", "session=9b2f6c1e4d8a7b3c; theme=dark; consent=1");
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/orders/42?expand=items", h);
    }

    /** A typical upstream response head: 9 headers, two of them hop-by-hop. */
    static HttpResponse upstreamResponse() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Date", "Tue, 24 Nov 2026 08:27:00 GMT");
        h.add("Server", "gunicorn");
        h.add("Content-Type", "application/json; charset=utf-8");
        h.add("Content-Length", "1534");
        h.add("Cache-Control", "private, max-age=0");
        h.add("ETag", "W/\"5fe-18c3a\"");
        h.add("Vary", "Accept-Encoding, Cookie");
        h.add("Connection", "keep-alive");
        h.add("Keep-Alive", "timeout=5");
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h);
    }

    private HttpRequest copyOfRequest() {
        return new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
    }

    private HttpResponse copyOfResponse() {
        return new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers().copy());
    }

    @Benchmark
    public HttpRequest copyRequest() {
        return copyOfRequest();
    }

    @Benchmark
    public HttpRequest rewriteRequest() {
        HttpRequest r = copyOfRequest();
        Forwarder.rewriteRequest(r, plainRoute, HeaderPlan.NONE, null, CLIENT_IP, REQUEST_ID);
        return r;
    }

    /** With {@code strip_prefix} and one {@code set} and one {@code remove} rule. */
    @Benchmark
    public HttpRequest rewriteRequestWithRules() {
        HttpRequest r = copyOfRequest();
        Forwarder.rewriteRequest(r, rulesRoute, rulesRequest, null, CLIENT_IP, REQUEST_ID);
        return r;
    }

    @Benchmark
    public HttpResponse copyResponse() {
        return copyOfResponse();
    }

    @Benchmark
    public boolean rewriteResponse() {
        return Forwarder.rewriteResponse(copyOfResponse(), HeaderPlan.NONE, null, REQUEST_ID, true, true, true);
    }
}
