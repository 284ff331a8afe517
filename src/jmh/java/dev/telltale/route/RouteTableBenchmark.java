package dev.telltale.route;

import dev.telltale.config.RouteConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link RouteTable#match}, once per request, on a table of 20 routes: 8 for exact hosts (three
 * hosts), 6 for wildcard hosts, 6 for any host. Each benchmark is one lookup that ends in a
 * different group: an exact host, a wildcard host (after scanning the exact routes), any host
 * (after scanning both), and an exact host sent in mixed case with a port, the one case where
 * matching allocates (the normalised host). Unit: ns/op (one lookup).
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar RouteTableBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RouteTableBenchmark {
    private final RouteTable table = new RouteTable(routes());

    // Fields, not constants, so the JIT cannot fold the inputs.
    private String exactHost = "api.example.com";
    private String exactPath = "/v2/orders/42?expand=items";
    private String wildcardHost = "tenant7.apps.example.com";
    private String wildcardPath = "/dashboard/settings";
    private String otherHost = "unknown.test";
    private String otherPath = "/static/app.3f9c1b.js";
    private String mixedCaseHost = "API.Example.com:8443";

    static List<RouteConfig> routes() {
        List<RouteConfig> r = new ArrayList<>();
        for (String prefix : new String[] {"/", "/v1/", "/v2/", "/v2/admin/"}) {
            r.add(route("api.example.com", prefix));
        }
        for (String prefix : new String[] {"/", "/account/"}) {
            r.add(route("shop.example.com", prefix));
        }
        for (String prefix : new String[] {"/", "/assets/"}) {
            r.add(route("www.example.com", prefix));
        }
        for (String host : new String[] {"*.apps.example.com", "*.example.com", "*.internal.example.com"}) {
            r.add(route(host, "/"));
            r.add(route(host, "/dashboard/"));
        }
        for (String prefix : new String[] {"/", "/static/", "/healthz", "/metrics", "/api/", "/ws/"}) {
            r.add(route(null, prefix));
        }
        return r;
    }

    private static RouteConfig route(String host, String prefix) {
        return new RouteConfig(host, prefix, "app", null, true, null, null, null);
    }

    @Benchmark
    public Route exactHost() {
        return table.match(exactHost, exactPath);
    }

    @Benchmark
    public Route wildcardHost() {
        return table.match(wildcardHost, wildcardPath);
    }

    @Benchmark
    public Route anyHost() {
        return table.match(otherHost, otherPath);
    }

    @Benchmark
    public Route exactHostMixedCaseWithPort() {
        return table.match(mixedCaseHost, exactPath);
    }
}
