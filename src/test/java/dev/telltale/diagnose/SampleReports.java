package dev.telltale.diagnose;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic failed request per {@link Cause}, for renderer, log and store tests. Every
 * sample names distinctive values (upstream {@code billing}, host {@code shop.example.test},
 * route {@code /api/}, config file {@code conf/telltale.yaml}) that {@link #secrets} lists, so
 * a test can assert none of them leaks into a {@code safe} page.
 */
public final class SampleReports {
    public static final String REQUEST_ID = "req-7f3c9b1d";
    public static final String UPSTREAM = "billing";
    public static final String HOST = "shop.example.test";
    public static final String ROUTE = "/api/";
    public static final String CONFIG_FILE = "conf/telltale.yaml";

    public static final String HOSTILE_URI = "/<script>alert(1)</script>?q=\"><img src=x onerror=1>";
    public static final String HOSTILE_HOST = "evil.test\r\nSet-Cookie: x";
    public static final String HOSTILE_RECEIVED = "<script>alert(1)</script>\"><img src=x onerror=1>\r\nSet-Cookie: x\u0000\ud800";

    private SampleReports() {
    }

    /** The failure as the classifier would make it for this cause. */
    public static UpstreamFailure failure(Cause cause) {
        switch (cause) {
            case REFUSED:
                return new UpstreamFailure(cause, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT, "ECONNREFUSED",
                        "connect() to 127.0.0.1:3000 failed (111: Connection refused)", null, null, null, null);
            case TIMEOUT:
                return new UpstreamFailure(cause, ProxyStatus.CONNECTION_READ_TIMEOUT, Phase.READ_HEADERS, null,
                        "upstream timed out while reading response header from upstream 127.0.0.1:3000",
                        60_000L, "upstreams.billing.timeouts.read", null, null);
            case RESET:
                return new UpstreamFailure(cause, ProxyStatus.CONNECTION_TERMINATED, Phase.READ_HEADERS, "ECONNRESET",
                        "recv() failed (104: Connection reset by peer) while reading response header from upstream "
                                + "127.0.0.1:3000", null, null, null, null);
            case MALFORMED:
                return new UpstreamFailure(cause, ProxyStatus.HTTP_PROTOCOL_ERROR, Phase.READ_HEADERS, null,
                        "upstream sent no valid HTTP/1.0 header while reading response header from upstream "
                                + "127.0.0.1:3000", null, null, "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n", "ssh");
            case DNS:
                return new UpstreamFailure(cause, ProxyStatus.DNS_ERROR, Phase.RESOLVE, null,
                        "backend.billing.internal could not be resolved (3: Host not found)", null, null, null, null);
            case UNREACHABLE:
                return new UpstreamFailure(cause, ProxyStatus.DESTINATION_IP_UNROUTABLE, Phase.CONNECT, "EHOSTUNREACH",
                        "connect() to 10.9.8.7:3000 failed (113: No route to host)", null, null, null, null);
            case TLS:
                return new UpstreamFailure(cause, ProxyStatus.TLS_CERTIFICATE_ERROR, Phase.CONNECT, null,
                        "SSL_do_handshake() failed (certificate verify failed) while SSL handshaking to upstream "
                                + "10.9.8.7:3000", null, null, null, null);
            case NO_LIVE_UPSTREAM:
                return new UpstreamFailure(cause, ProxyStatus.DESTINATION_UNAVAILABLE, Phase.CONNECT, null,
                        "no live upstreams while connecting to upstream \"billing\"", null, null, null, null);
            case OVERLOADED:
                return new UpstreamFailure(cause, ProxyStatus.CONNECTION_LIMIT_REACHED, Phase.CONNECT, null,
                        "upstream connection pool of \"billing\" exhausted (256 connections in use)", null, null, null, null);
            default:
                throw new AssertionError(cause);
        }
    }

    /** A full report for the cause, hints from {@link Hints}. */
    public static Report of(Cause cause) {
        return build(failure(cause), "/api/orders/42", HOST);
    }

    /** The same report with hostile values in every reflected field: uri, host, received, message. */
    public static Report hostile(Cause cause) {
        UpstreamFailure f = failure(cause);
        UpstreamFailure evil = new UpstreamFailure(f.cause(), f.proxyStatus(), f.phase(), f.errno(),
                f.message() + " \"><img src=x onerror=1>\r\nSet-Cookie: x \\ \u00e9", f.timeoutMs(), f.timeoutKey(),
                HOSTILE_RECEIVED, f.sniffed());
        return build(evil, HOSTILE_URI, HOSTILE_HOST);
    }

    private static Report build(UpstreamFailure f, String uri, String host) {
        Cause cause = f.cause();
        boolean dns = cause == Cause.DNS;
        boolean remote = cause == Cause.UNREACHABLE || cause == Cause.TLS;
        boolean tried = cause != Cause.NO_LIVE_UPSTREAM && cause != Cause.OVERLOADED;
        String server = dns ? "http://backend.billing.internal:3000" : remote ? "https://10.9.8.7:3000" : "http://127.0.0.1:3000";
        String address = dns ? "backend.billing.internal:3000" : remote ? "10.9.8.7:3000" : "127.0.0.1:3000";
        Timing timing;
        switch (f.phase()) {
            case READ_HEADERS:
                timing = new Timing(f.timeoutMs() == null ? 12 : f.timeoutMs() + 3, 1L, 2L, null);
                break;
            case READ_BODY:
                timing = new Timing(40, 1L, 2L, 9L);
                break;
            default:
                timing = new Timing(1, null, null, null);
        }
        List<Attempt> attempts = new ArrayList<>();
        if (tried) {
            if (cause == Cause.REFUSED) { // a retry on a second server that refused too
                attempts.add(new Attempt("http://127.0.0.1:3001", "127.0.0.1:3001", f, 0, null, false));
            }
            attempts.add(new Attempt(server, address, f, timing.elapsedMs(), timing.connectMs(), false));
        }
        List<ConfigFact> config = new ArrayList<>();
        config.add(new ConfigFact("upstreams.billing.servers.0", server, CONFIG_FILE + ":19"));
        if (f.timeoutKey() != null) {
            config.add(new ConfigFact(f.timeoutKey(), Texts.duration(f.timeoutMs()), CONFIG_FILE + ":23"));
        } else {
            config.add(new ConfigFact("upstreams.billing.timeouts.connect", "5s", null));
        }
        Hints.Observations observations = cause == Cause.REFUSED
                ? new Hints.Observations(true, "[::1]:3000") : Hints.Observations.NONE;
        List<String> hints = Hints.of(f, tried ? address : null, dns ? "backend.billing.internal" : null, observations);
        int status = cause == Cause.TIMEOUT ? 504 : cause == Cause.NO_LIVE_UPSTREAM ? 503 : 502;
        return new Report(REQUEST_ID, Instant.parse("2024-05-04T10:15:30Z"), "127.0.0.1", "GET", uri, host, f, status,
                ROUTE, UPSTREAM, tried ? server : null, tried ? address : null, timing, attempts, hints, config, false);
    }

    /** Every value of the report a {@code safe} or {@code off} rendering must not contain. */
    public static List<String> secrets(Report r) {
        List<String> s = new ArrayList<>(List.of(UPSTREAM, HOST, ROUTE, CONFIG_FILE, "upstreams.", "127.0.0.1",
                "3000", "3001", "10.9.8.7", "backend.billing.internal", "[::1]", "orders", "ss -ltnp", "SSH-2.0"));
        s.add(r.failure().message());
        if (r.failure().errno() != null) {
            s.add(r.failure().errno());
        }
        if (r.failure().received() != null) {
            s.add(r.failure().received());
        }
        r.hints().forEach(s::add);
        return s;
    }
}
