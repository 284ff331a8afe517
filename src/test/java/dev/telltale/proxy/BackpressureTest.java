package dev.telltale.proxy;

import dev.telltale.config.Limits;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bodies are streamed, never gathered: a side that stops reading stops the other side within
 * what the socket buffers hold. Without backpressure the proxy would take gigabytes per second
 * from the fast side into its own memory.
 */
class BackpressureTest {
    private static final long GIB = 1L << 30;
    /** Kernel socket buffers on both hops plus the proxy's write watermark stay well below this. */
    private static final long BOUND = 48L << 20;

    @Test
    void clientThatStopsReading_stopsTheUpstream() throws Exception {
        AtomicLong written = new AtomicLong();
        try (FaultServer app = FaultServer.script(c -> {
            c.readRequest();
            OutputStream out = c.out();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + GIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (long sent = 0; sent < GIB; sent += chunk.length) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (java.io.IOException closed) {
                // the test ended and the proxy closed the connection
            }
        });
             ProxyFixture proxy = ProxyFixture.forUrl(app.url());
             RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /huge HTTP/1.1\r\nHost: a\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> written.get() > 0);
            Thread.sleep(1500); // the client reads nothing meanwhile
            long stalled = written.get();
            assertThat(stalled).as("bytes the upstream could write while the client read nothing")
                    .isLessThan(BOUND);
            // and it is a stall, not a failure: reading resumes the flow
            byte[] buf = new byte[1 << 20];
            long read = 0;
            var in = c.socket().getInputStream();
            while (read < 2 * BOUND) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            assertThat(written.get()).isGreaterThan(stalled);
        }
    }

    @Test
    void upstreamThatStopsReading_stopsTheClient() throws Exception {
        try (FaultServer app = FaultServer.notReading();
             ProxyFixture proxy = ProxyFixture.builder().upstream("app", app.url())
                     .limits(new Limits(16 * 1024, 0, Duration.ofSeconds(10), Duration.ofSeconds(75), 100)).start();
             RawHttp c = new RawHttp(proxy.port())) {
            c.send("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + GIB + "\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = c.socket().getOutputStream();
                    while (sent.get() < GIB) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (java.io.IOException closed) {
                    // the test ended
                }
            });
            writer.setDaemon(true);
            writer.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > 0);
            Thread.sleep(1500);
            assertThat(sent.get()).as("bytes the client could send while the upstream read nothing")
                    .isLessThan(BOUND);
        }
    }
}
