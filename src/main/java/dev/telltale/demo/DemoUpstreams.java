package dev.telltale.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every upstream of the {@code demo} command, started in-process: one misbehaving server per
 * failure situation, a fake DNS server for the {@code dns} routes and the healthy
 * {@link DemoApp}. {@link #routes()} says which path shows what; {@link DemoConfig} turns them
 * into a proxy configuration. {@link #close()} stops them all and releases their ports.
 */
public final class DemoUpstreams implements AutoCloseable {
    /** Resolves with NXDOMAIN at the demo's DNS server. */
    public static final String NXDOMAIN_HOST = "app.invalid";
    /** Never answered by the demo's DNS server. */
    public static final String SILENT_HOST = "no-answer.invalid";
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final List<AutoCloseable> running;
    private final List<DemoRoute> routes;
    private final FakeDnsServer dns;

    private DemoUpstreams(List<AutoCloseable> running, List<DemoRoute> routes, FakeDnsServer dns) {
        this.running = running;
        this.routes = List.copyOf(routes);
        this.dns = dns;
    }

    /** Starts every demo upstream on 127.0.0.1, ephemeral ports (takes about 300 ms: {@link FaultServer#fullBacklog()} checks itself). */
    public static DemoUpstreams start() {
        List<AutoCloseable> running = new ArrayList<>();
        try {
            List<DemoRoute> routes = new ArrayList<>();
            DemoApp app = started(running, DemoApp.start());
            routes.add(new DemoRoute("/", app.url(), DemoRoute.NONE,
                    "the healthy demo app (also /slow: answers after 3 s, /stream: a slow chunked body)"));
            String dead = "http://127.0.0.1:" + FaultServer.deadPort();
            routes.add(new DemoRoute("/refused/", dead, "refused", "nothing listens on " + hostPort(dead)));
            routes.add(new DemoRoute("/timeout/", started(running, FaultServer.stallAfterRequest()).url(), "timeout",
                    "the app reads the request and never answers (read timeout 2s)", null, READ_TIMEOUT));
            routes.add(new DemoRoute("/connect-timeout/", started(running, FaultServer.fullBacklog()).url(), "timeout",
                    "the listener's accept queue is full, SYNs go unanswered (connect timeout 1s)",
                    CONNECT_TIMEOUT, null));
            routes.add(new DemoRoute("/reset/", started(running, FaultServer.resetAfterRequest()).url(), "reset",
                    "the app reads the request, then resets the connection (RST)"));
            routes.add(new DemoRoute("/empty/", started(running, FaultServer.acceptThenClose()).url(), "reset",
                    "the app reads the request, then closes without a byte (empty reply)"));
            routes.add(new DemoRoute("/malformed/", started(running, FaultServer.badStatusLine()).url(), "malformed",
                    "the app answers \"HTTP/1.1 abc Nope\""));
            routes.add(new DemoRoute("/mid-body/", started(running, FaultServer.partialBody(100_000, 16_384, true)).url(),
                    "reset", "200 with Content-Length: 100000, 16384 bytes, then RST: the client's connection is aborted"));
            String plain = started(running, FaultServer.plainHttpServer()).url();
            routes.add(new DemoRoute("/tls/", plain.replace("http://", "https://"), "tls",
                    "the upstream is configured https but speaks plain HTTP: the TLS handshake fails"));
            routes.add(new DemoRoute("/tls-on-http/", started(running, FaultServer.tlsServer()).url(), "malformed",
                    "the upstream speaks TLS but is configured http: it answers with a TLS alert"));
            routes.add(new DemoRoute("/ssh/", started(running, FaultServer.sshGreeting()).url(), "malformed",
                    "an SSH server listens on the upstream's port and greets first"));
            FakeDnsServer dns = started(running, FakeDnsServer.start(Map.of(), Set.of(SILENT_HOST)));
            routes.add(new DemoRoute("/dns/", "http://" + NXDOMAIN_HOST + ":3000", "dns",
                    NXDOMAIN_HOST + " does not exist (NXDOMAIN from the demo's name server)"));
            routes.add(new DemoRoute("/dns-timeout/", "http://" + SILENT_HOST + ":3000", "dns",
                    "the name server never answers for " + SILENT_HOST + " (resolver timeout 2s)"));
            routes.add(new DemoRoute("/unreachable/", "http://255.255.255.255:80", "unreachable",
                    "no route for TCP to the broadcast address: the kernel refuses before sending a packet"));
            String deadToo = "http://127.0.0.1:" + FaultServer.deadPort();
            routes.add(new DemoRoute("/no-live/", deadToo, "no_live_upstream",
                    "the first request is refused and marks the only server down for 1m; the next ones find none live"));
            return new DemoUpstreams(running, routes, dns);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    /** The demo's routes, the healthy app's {@code /} first. */
    public List<DemoRoute> routes() {
        return routes;
    }

    /** The fake name server to configure as {@code server.resolver.servers}. */
    public InetSocketAddress dnsServer() {
        return dns.address();
    }

    @Override
    public void close() {
        closeAll(running);
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> running, T upstream) {
        running.add(upstream);
        return upstream;
    }

    private static String hostPort(String url) {
        return url.substring(url.indexOf("://") + 3);
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception ignored) {
                // keep closing the others
            }
        }
        running.clear();
    }
}
