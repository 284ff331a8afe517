package dev.telltale.metrics;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What {@link ProxyMetrics} costs per proxied request. One operation is the recording sequence
 * of one request on one thread: {@code request} = an attempt, its first byte (a TTFB sample) and
 * the request's completion (a status-class count and two duration samples, downstream and
 * upstream); {@code failedRequest} = an attempt, its failure by cause and a 502 completion, as
 * in a 502 storm; both through the {@link UpstreamRecorder} and {@link ServerRecorder} the
 * proxy holds. Unit: ns/op;
 * with {@code -prof gc}, B/op (0 for the recorder path, measured 2026-11-24).
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar ProxyMetricsBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProxyMetricsBenchmark {
    private final ProxyMetrics metrics = new ProxyMetrics();
    // Fields, not constants, so the JIT cannot fold the inputs.
    private String cause = "refused";
    private long nanos = 180_000;
    private final UpstreamRecorder upstreamRecorder = metrics.upstream("app");
    private final ServerRecorder serverRecorder = upstreamRecorder.server("http://127.0.0.1:3000");

    @Benchmark
    public void request() {
        serverRecorder.attempt();
        serverRecorder.firstByte(nanos);
        metrics.requestCompleted(200, nanos + 40_000, upstreamRecorder);
    }

    @Benchmark
    public void failedRequest() {
        serverRecorder.attempt();
        serverRecorder.failure(cause);
        metrics.requestCompleted(502, nanos, upstreamRecorder);
    }
}
