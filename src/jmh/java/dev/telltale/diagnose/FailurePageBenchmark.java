package dev.telltale.diagnose;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-failure work of a diagnostic 502, for a refused connect (the cause of a 502 storm):
 * {@link FailureClassifier#classify} of the connect exception (as the JDK's NIO transport and as
 * Netty's epoll transport raise it), {@link Hints#of}, {@link Format#fromAccept} of a browser's
 * {@code Accept}, {@link ProblemRenderer#proxyStatusHeader} and {@link ProblemRenderer#render}
 * in every format for the {@code FULL} view (trusted client) and the {@code SAFE} view (anyone
 * else), plus the {@code OFF} HTML page as a control. The report is the refused sample of the
 * tests' {@code SampleReports}: two attempts, four hints plus the loopback-family one, two config
 * facts. Unit: ns/op (one call); the interesting number is often B/op from {@code -prof gc}:
 * one page per failed request.
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar FailurePageBenchmark -prof gc
 * java -jar target/benchmarks.jar 'FailurePageBenchmark.render.*'
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FailurePageBenchmark {
    private static final String ADDRESS = "127.0.0.1:3000";
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,"
            + "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

    private final ProblemRenderer renderer = new ProblemRenderer();
    private final Hints.Observations observations = new Hints.Observations(true, "[::1]:3000");
    private String accept = BROWSER_ACCEPT;
    private UpstreamFailure failure;
    private Report report;
    /** What {@code NioSocketChannel} reports. */
    private ConnectException jdkRefused;
    /** What the epoll transport reports: a native exception carrying errno 111. */
    private IOException nativeRefused;

    @Setup
    public void setUp() {
        failure = new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT, "ECONNREFUSED",
                "connect() to 127.0.0.1:3000 failed (111: Connection refused)", null, null, null, null);
        report = refusedReport(failure, observations);
        jdkRefused = new ConnectException("Connection refused");
        Epoll.ensureAvailability(); // loads the native library that Errors needs
        try {
            Errors.handleConnectErrno("connect", -FailureClassifier.ECONNREFUSED);
            throw new IllegalStateException("handleConnectErrno did not throw for ECONNREFUSED");
        } catch (IOException e) {
            nativeRefused = e;
        }
        if (FailureClassifier.classify(nativeRefused, Phase.CONNECT, ADDRESS).cause() != Cause.REFUSED
                || FailureClassifier.classify(jdkRefused, Phase.CONNECT, ADDRESS).cause() != Cause.REFUSED) {
            throw new IllegalStateException("the fixture exceptions do not classify as refused");
        }
    }

    /** {@code SampleReports.of(Cause.REFUSED)}, copied so the benchmarks need no test classes. */
    static Report refusedReport(UpstreamFailure f, Hints.Observations observations) {
        String server = "http://127.0.0.1:3000";
        Timing timing = new Timing(1, null, null, null);
        List<Attempt> attempts = List.of(
                new Attempt("http://127.0.0.1:3001", "127.0.0.1:3001", f, 0, null, false),
                new Attempt(server, ADDRESS, f, timing.elapsedMs(), timing.connectMs(), false));
        List<ConfigFact> config = List.of(
                new ConfigFact("upstreams.billing.servers.0", server, "conf/telltale.yaml:19"),
                new ConfigFact("upstreams.billing.timeouts.connect", "5s", null));
        List<String> hints = Hints.of(f, ADDRESS, null, observations);
        return new Report("req-7f3c9b1d", Instant.parse("2024-05-04T10:15:30Z"), "127.0.0.1", "GET",
                "/api/orders/42", "shop.example.test", f, 502, "/api/", "billing", server, ADDRESS, timing, attempts,
                hints, config, false);
    }

    @Benchmark
    public UpstreamFailure classifyJdkConnectException() {
        return FailureClassifier.classify(jdkRefused, Phase.CONNECT, ADDRESS);
    }

    @Benchmark
    public UpstreamFailure classifyNativeConnectException() {
        return FailureClassifier.classify(nativeRefused, Phase.CONNECT, ADDRESS);
    }

    @Benchmark
    public List<String> hints() {
        return Hints.of(failure, ADDRESS, null, observations);
    }

    @Benchmark
    public Format formatFromBrowserAccept() {
        return Format.fromAccept(accept);
    }

    @Benchmark
    public String proxyStatusHeaderFull() {
        return renderer.proxyStatusHeader(report, DetailPolicy.View.FULL);
    }

    @Benchmark
    public ProblemRenderer.Rendered renderTextFull() {
        return renderer.render(report, DetailPolicy.View.FULL, Format.TEXT);
    }

    /**
     * What a failed request does for its text page ({@code DiagnosticResponder}): the body in a
     * pooled direct buffer, released here where the response write would release it.
     */
    @Benchmark
    public int renderTextFullBody() {
        io.netty.buffer.ByteBuf body = renderer.renderBody(report, DetailPolicy.View.FULL, Format.TEXT,
                io.netty.buffer.PooledByteBufAllocator.DEFAULT);
        int n = body.readableBytes();
        body.release();
        return n;
    }

    @Benchmark
    public ProblemRenderer.Rendered renderTextSafe() {
        return renderer.render(report, DetailPolicy.View.SAFE, Format.TEXT);
    }

    @Benchmark
    public ProblemRenderer.Rendered renderHtmlFull() {
        return renderer.render(report, DetailPolicy.View.FULL, Format.HTML);
    }

    @Benchmark
    public ProblemRenderer.Rendered renderHtmlSafe() {
        return renderer.render(report, DetailPolicy.View.SAFE, Format.HTML);
    }

    /**
     * A control for the two above: the same inline CSS and script, but no character outside
     * Latin-1 on the page (the {@code FULL} and {@code SAFE} titles carry an em dash).
     */
    @Benchmark
    public ProblemRenderer.Rendered renderHtmlOff() {
        return renderer.render(report, DetailPolicy.View.OFF, Format.HTML);
    }

    @Benchmark
    public ProblemRenderer.Rendered renderJsonFull() {
        return renderer.render(report, DetailPolicy.View.FULL, Format.JSON);
    }

    @Benchmark
    public ProblemRenderer.Rendered renderJsonSafe() {
        return renderer.render(report, DetailPolicy.View.SAFE, Format.JSON);
    }
}
