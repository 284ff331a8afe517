package dev.telltale.route;

import dev.telltale.config.ListenAddress;
import dev.telltale.config.PathMatch;
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
 * {@link RouteTable#match}, once per request, on a table of 22 routes: 8 for exact hosts (three
 * hosts), 6 for wildcard hosts, 7 for any host (one a {@code path_regex}), and one only for
 * another listener (so the per-listener lookup is exercised). Each benchmark is one lookup that
 * ends in a different group: an exact host (path with a query), a wildcard host (after the exact
 * lookup), any host (after both, trying the regex), an exact host sent in mixed case with a port,
 * and a path that needs normalising ({@code %}-escape and {@code //}). Unit: ns/op (one lookup).
 * With {@code -prof gc} all but the last allocate nothing (paths are compared in place up to
 * {@code ?}, hosts ignoring case, regex matchers are reused per thread); the last allocates its
 * decoded copy (96 B/op, measured 2026-11-24).
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
    private final ListenAddress listener = ListenAddress.parse("127.0.0.1:8080");

    // Fields, not constants, so the JIT cannot fold the inputs.
    private String exactHost = "api.example.com";
    private String exactPath = "/v2/orders/42?expand=items";
    private String wildcardHost = "tenant7.apps.example.com";
    private String wildcardPath = "/dashboard/settings";
    private String otherHost = "unknown.test";
    private String otherPath = "/static/app.3f9c1b.js";
    private String mixedCaseHost = "API.Example.com:8443";
    private String encodedPath = "/v2/orders//%34%32?expand=items";

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
        r.add(new RouteConfig(null, null, null, PathMatch.regex("\\.(png|jpg)$", true), "app", null, true, null,
                null, null, null, null, null, null));
        r.add(new RouteConfig(null, null, ListenAddress.parse("127.0.0.1:9090"), PathMatch.ROOT, "app", null, true,
                null, null, null, null, null, null, null));
        return r;
    }

    private static RouteConfig route(String host, String prefix) {
        return new RouteConfig(host, prefix, "app", null, true, null, null, null);
    }

    @Benchmark
    public Route exactHost() {
        return table.match(listener, exactHost, exactPath);
    }

    @Benchmark
    public Route wildcardHost() {
        return table.match(listener, wildcardHost, wildcardPath);
    }

    @Benchmark
    public Route anyHost() {
        return table.match(listener, otherHost, otherPath);
    }

    @Benchmark
    public Route exactHostMixedCaseWithPort() {
        return table.match(listener, mixedCaseHost, exactPath);
    }

    @Benchmark
    public Route exactHostEncodedPath() {
        return table.match(listener, exactHost, encodedPath);
    }
}
