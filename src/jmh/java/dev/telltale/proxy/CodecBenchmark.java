package dev.telltale.proxy;

import dev.telltale.config.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The downstream pipeline's codec path on an {@link EmbeddedChannel} holding what a client
 * connection holds before the proxy handler: {@link DownstreamCodec} and {@link RequestGuard}.
 *
 * <ul>
 *   <li>{@code decodeRequestHead}: a 12-header Chrome GET (about 800 bytes, in one pooled direct
 *       buffer as the epoll transport delivers it) decoded and checked into an {@code HttpRequest}
 *       and its empty last content.</li>
 *   <li>{@code encodeResponseHead}: a 200 head with 8 headers and {@code Content-Length: 0}
 *       encoded to bytes.</li>
 *   <li>{@code encodeResponse64KiB}: the same head announcing 65536 bytes, then the 64 KiB body
 *       as one last content; the body buffer is passed through, not copied, so the difference to
 *       {@code encodeResponseHead} is the cost of relaying one large chunk.</li>
 * </ul>
 *
 * Every message read from the channel is released inside the operation. The codec queues each
 * decoded request's method until its response is encoded; the decode-only benchmark empties that
 * queue (by reflection, a few ns) so it does not grow. Unit: ns/op (one request head, or one
 * response).
 *
 * <pre>
 * mvn -q -B -Pjmh -DskipTests package
 * java -jar target/benchmarks.jar CodecBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {
    static final String BROWSER_REQUEST = "GET /api/orders/42?expand=items HTTP/1.1\r\n"
            + "Host: shop.example.test\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: max-age=0\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Referer: https://shop.example.test/api/catalog?page=2\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Cookie: session=9b2f6c1e4d8a7b3c; theme=dark; consent=1\r\n"
            + "\r\n";
    static final int BODY_BYTES = 64 * 1024;

    private EmbeddedChannel channel;
    private ArrayDeque<?> pendingMethods;
    private ByteBuf requestBytes;
    private ByteBuf body;
    private HttpResponse emptyHead;
    private HttpResponse bodyHead;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        DownstreamCodec codec = new DownstreamCodec(Limits.DEFAULT);
        channel = new EmbeddedChannel(codec, new RequestGuard(Limits.DEFAULT));
        Field methods = DownstreamCodec.class.getDeclaredField("methods");
        methods.setAccessible(true);
        pendingMethods = (ArrayDeque<?>) methods.get(codec);

        byte[] request = BROWSER_REQUEST.getBytes(StandardCharsets.US_ASCII);
        requestBytes = PooledByteBufAllocator.DEFAULT.directBuffer(request.length).writeBytes(request);
        body = PooledByteBufAllocator.DEFAULT.directBuffer(BODY_BYTES).writeZero(BODY_BYTES);
        emptyHead = head(0);
        bodyHead = head(BODY_BYTES);

        Object decoded = decodeOnce();
        if (!(decoded instanceof HttpRequest)) {
            throw new IllegalStateException("the request did not decode: " + decoded);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        requestBytes.release();
        body.release();
    }

    private static HttpResponse head(int contentLength) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Date", "Tue, 24 Nov 2026 08:27:00 GMT");
        h.add("Server", "gunicorn");
        h.add("Content-Type", "application/json; charset=utf-8");
        h.add("Content-Length", Integer.toString(contentLength));
        h.add("Cache-Control", "private, max-age=0");
        h.add("ETag", "W/\"5fe-18c3a\"");
        h.add("Vary", "Accept-Encoding, Cookie");
        h.add("X-Request-Id", "4f1c2a9be07d4c31a8f6d52e9b0c7e13");
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h);
    }

    /** Decodes the request once; returns the first message (the head), everything released. */
    private Object decodeOnce() {
        channel.writeInbound(requestBytes.retainedDuplicate());
        pendingMethods.clear();
        Object first = null;
        for (Object m; (m = channel.readInbound()) != null; ) {
            if (first == null) {
                first = m;
            }
            ReferenceCountUtil.release(m);
        }
        return first;
    }

    private int drainOutbound() {
        int bytes = 0;
        for (Object m; (m = channel.readOutbound()) != null; ) {
            if (m instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            ReferenceCountUtil.release(m);
        }
        return bytes;
    }

    @Benchmark
    public Object decodeRequestHead() {
        return decodeOnce();
    }

    @Benchmark
    public int encodeResponseHead() {
        channel.writeOutbound(emptyHead, LastHttpContent.EMPTY_LAST_CONTENT);
        return drainOutbound();
    }

    @Benchmark
    public int encodeResponse64KiB() {
        channel.writeOutbound(bodyHead, new DefaultLastHttpContent(body.retainedDuplicate()));
        return drainOutbound();
    }
}
