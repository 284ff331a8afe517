package dev.telltale.proxy;

import dev.telltale.config.Limits;
import dev.telltale.demo.FaultServer;
import dev.telltale.testing.ProxyFixture;
import dev.telltale.testing.RawHttp;
import dev.telltale.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Downstream limits and the refusal of bad or ambiguous client requests. */
class LimitsTest {
    static FaultServer upstream;
    static ProxyFixture proxy;
    static TestApp app;
    static ProxyFixture appProxy;

    @BeforeAll
    static void start() {
        // The fault server counts requests: nothing refused may reach it.
        upstream = FaultServer.respond("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Limits limits = new Limits(2048, 1000, Duration.ofMillis(500), Duration.ofMillis(700), 3);
        proxy = ProxyFixture.builder().upstream("app", upstream.url()).limits(limits).start();
        app = new TestApp();
        appProxy = ProxyFixture.builder().upstream("app", app.url()).limits(limits).start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
        appProxy.close();
        app.close();
    }

    private static void assertRefused(String request, int status) throws Exception {
        int before = upstream.requestsReceived().size();
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send(request);
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(upstream.requestsReceived()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // CL and TE together (CL.TE / TE.CL smuggling)
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // differing duplicate Content-Length
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        // invalid Transfer-Encoding values
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // whitespace before the colon (header name obfuscation)
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        // garbage request line, bad header, missing Host, absolute-form
        "HELLO\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET http://evil.test/ HTTP/1.1\r\nHost: a\r\n\r\n",
    })
    void badOrAmbiguousRequest_is400AndNeverReachesTheUpstream(String request) throws Exception {
        assertRefused(request, 400);
    }

    @Test
    void headerSectionOverMaxHeaderBytes_is431() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(4000) + "\r\n\r\n", 431);
    }

    @Test
    void declaredBodyOverMaxBodyBytes_is413() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413);
    }

    @Test
    void chunkedBodyOverMaxBodyBytes_is413WhileStreaming() throws Exception {
        try (RawHttp c = new RawHttp(appProxy.port())) {
            c.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                c.send("1f4\r\n" + "y".repeat(500) + "\r\n");
            }
            c.send("0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
        }
    }

    @Test
    void slowRequestHead_is408AndClosed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n"); // never finished
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void idleKeepAliveConnection_isClosedAfterClientIdleTimeout() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void connectionsOverMaxConnections_areClosedAtAccept() throws Exception {
        RawHttp[] open = new RawHttp[3];
        try {
            for (int i = 0; i < 3; i++) {
                open[i] = new RawHttp(proxy.port());
                open[i].send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(open[i].read().status()).isEqualTo(200);
            }
            try (RawHttp extra = new RawHttp(proxy.port())) {
                assertThat(extra.closedByPeer()).isTrue();
            }
        } finally {
            for (RawHttp c : open) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
