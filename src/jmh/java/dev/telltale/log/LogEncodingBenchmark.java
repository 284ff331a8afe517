package dev.telltale.log;

import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.Phase;
import dev.telltale.diagnose.ProxyStatus;
import dev.telltale.diagnose.UpstreamFailure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one log line on a sink's writer thread, as {@link LogSink} does it: into the same
 * {@link LineBuffer} every time (emptied after each line here, where the sink empties it after a
 * batch), with the encoder's {@code JsonGenerator} and date cache kept between lines. Measured: a
 * {@code json} access line, a {@code combined} access line (nginx escaping of the User-Agent) and a
 * {@code json} {@code upstream_error} line for a refused connect. All records carry timestamps in
 * the same second, as lines in a burst do, so the formatted date is a cache hit. Unit: ns/op (one
 * line); with {@code -prof gc} B/op should be near 0 (the records are built once, in the state).
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar LogEncodingBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LogEncodingBenchmark {
    private static final long AT = 1_795_505_302_007L; // 2026-11-24T07:28:22.007Z
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";

    private final LineBuffer buffer = new LineBuffer();
    private final JsonAccessEncoder jsonAccess = new JsonAccessEncoder();
    private final CombinedAccessEncoder combinedAccess = new CombinedAccessEncoder();
    private final JsonErrorEncoder jsonError = new JsonErrorEncoder();

    private final AccessRecord ok = new AccessRecord(AT, "4f1c2a9be07d4c31a8f6d52e9b0c7e13", "192.0.2.10", "GET",
            "/api/orders/42?expand=items", "HTTP/1.1", "shop.example.test", 200, 1534, 3, "shop.example.test/api/",
            "billing", List.of("127.0.0.1:3000"), 200, null, 2L, null, null, USER_AGENT,
            "https://shop.example.test/api/catalog?page=2");
    private final UpstreamErrorRecord refused = new UpstreamErrorRecord(AT, "4f1c2a9be07d4c31a8f6d52e9b0c7e13",
            new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT, "ECONNREFUSED",
                    "connect() to 127.0.0.1:3000 failed (111: Connection refused)", null, null, null, null),
            "192.0.2.10", "GET", "/api/orders/42?expand=items", "HTTP/1.1", "shop.example.test",
            "shop.example.test/api/", "billing", "http://127.0.0.1:3000", "127.0.0.1:3000", 1, 0, null);

    @Benchmark
    public int accessJson() throws IOException {
        buffer.reset();
        jsonAccess.encode(ok, buffer);
        return buffer.size();
    }

    @Benchmark
    public int accessCombined() {
        buffer.reset();
        combinedAccess.encode(ok, buffer);
        return buffer.size();
    }

    @Benchmark
    public int errorJson() throws IOException {
        buffer.reset();
        jsonError.encode(refused, buffer);
        return buffer.size();
    }
}
