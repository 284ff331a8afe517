package dev.telltale.diagnose;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * "What can I do?": concrete next steps for a failure, with the real address, port and config
 * key filled in. A table of templates per cause, each with the condition under which it
 * applies; placeholders are {@code {addr}} (ip:port), {@code {ip}}, {@code {port}},
 * {@code {hostport}} and {@code {name}} (the configured host name when there is one),
 * {@code {timeout}} and {@code {key}} (the timeout that fired and its config key).
 */
public final class Hints {

    /**
     * What the proxy found out beyond the failure itself.
     *
     * @param otherLoopbackFamilyAccepts whether the same port on the other loopback family
     *                                   ({@code [::1]} for {@code 127.0.0.1} and back) accepted a
     *                                   connection; {@code null} when not probed
     * @param otherLoopbackAddress       that address, e.g. {@code [::1]:3000}
     */
    public record Observations(Boolean otherLoopbackFamilyAccepts, String otherLoopbackAddress) {
        public static final Observations NONE = new Observations(null, null);
    }

    private record Rule(Predicate<UpstreamFailure> when, String template) {
    }

    /** The hints made for one set of inputs (see {@link #of}: everything they depend on). */
    private record Made(Cause cause, ProxyStatus status, Phase phase, String sniffed, Long timeoutMs,
                        String timeoutKey, String address, String host, Observations observations,
                        List<String> hints) {
        boolean isFor(UpstreamFailure f, String address, String host, Observations observations) {
            return cause == f.cause() && status == f.proxyStatus() && phase == f.phase()
                    && Objects.equals(this.address, address) && Objects.equals(this.host, host)
                    && Objects.equals(sniffed, f.sniffed()) && Objects.equals(timeoutMs, f.timeoutMs())
                    && Objects.equals(timeoutKey, f.timeoutKey()) && Objects.equals(this.observations, observations);
        }
    }

    /** Every failure of one server in a storm asks for the same hints: made once, shared. */
    private static final Memo<Made> MADE = new Memo<>(64);

    private static final Predicate<UpstreamFailure> ALWAYS = f -> true;
    private static final Map<Cause, List<Rule>> RULES = new EnumMap<>(Cause.class);
    private static final Map<String, String> SNIFFED = Map.of(
            "tls", "The upstream speaks TLS: use https://{hostport} as the server URL.",
            "ssh", "An SSH server answered on {addr}: wrong port. Point the upstream at the app's HTTP port.",
            "smtp", "A mail server (SMTP) answered on {addr}: wrong port. Point the upstream at the app's HTTP port.",
            "http2", "The upstream speaks HTTP/2 without HTTP/1.1 (an h2c prior-knowledge server): enable HTTP/1.1 "
                    + "on it, Telltale talks HTTP/1.1 to upstreams.");

    static {
        rules(Cause.REFUSED,
                rule(ALWAYS, "Nothing is listening on {addr}. Is the app running? ss -ltnp 'sport = :{port}'"),
                rule(ALWAYS, "If it was running, it may have crashed: check its own log or its process manager "
                        + "(systemctl status, docker ps -a, the terminal it ran in)."),
                rule(ALWAYS, "If it runs, it may listen on another port or only on another interface: compare the "
                        + "Local Address column of ss -ltnp with {addr}."),
                rule(ALWAYS, "A firewall rule with REJECT answers like a closed port: check iptables -S or "
                        + "nft list ruleset on {ip}."));
        rules(Cause.TIMEOUT,
                rule(phase(Phase.CONNECT), "{addr} did not complete the TCP handshake within {timeout}: the host may "
                        + "be down, or a firewall DROPs the packets silently. Check with: nc -vz -w 3 {ip} {port}"),
                rule(phase(Phase.CONNECT), "An overloaded app with a full accept queue looks the same: "
                        + "ss -ltn 'sport = :{port}' on that host shows Recv-Q >= Send-Q when the backlog is full."),
                rule(phase(Phase.CONNECT), "Raising {key} only masks the problem: a healthy server accepts within "
                        + "milliseconds."),
                rule(phase(Phase.SEND_REQUEST), "{addr} stopped reading the request for {timeout} ({key}): the app "
                        + "is not consuming the request body, or it is stuck before reading it."),
                rule(phase(Phase.READ_HEADERS), "The app at {addr} accepted the request but did not answer within "
                        + "{timeout}: it is slow or stuck. Check its logs for this request (it got the X-Request-Id "
                        + "header)."),
                rule(phase(Phase.READ_HEADERS), "If this endpoint is legitimately slow, raise {key} for its route "
                        + "only (routes[].timeouts.read) rather than for the whole upstream."),
                rule(phase(Phase.READ_BODY), "The app at {addr} sent the response head, then nothing for {timeout} "
                        + "({key}): it stalled mid-body. Check its logs for errors while streaming."));
        rules(Cause.RESET,
                rule(phase(Phase.READ_BODY).negate(), "The app at {addr} closed the connection without answering: "
                        + "it may have crashed or been killed mid-request. Check the app's log around this time."),
                rule(phase(Phase.READ_BODY), "The app at {addr} closed the connection in the middle of the "
                        + "response: it may have crashed or been killed. Check the app's log around this time."),
                rule(ALWAYS, "Was it killed by the kernel? dmesg | grep -i -E 'killed process|oom'"),
                rule(ALWAYS, "If it happens on reused connections only, the app closes idle keep-alive connections "
                        + "sooner than Telltale: set keepalive.idle_timeout below the app's own idle timeout."));
        rules(Cause.MALFORMED,
                rule(unsniffed(ProxyStatus.HTTP_RESPONSE_HEADER_SECTION_SIZE), "The response header section from "
                        + "{addr} is larger than Telltale accepts: look for a runaway header (a huge Set-Cookie?) "
                        + "with curl -sv http://{addr}/ -o /dev/null"),
                rule(unsniffed(ProxyStatus.HTTP_RESPONSE_TRANSFER_CODING), "The chunked body from {addr} is "
                        + "invalid: the app (or a filter in it) frames the response wrongly."),
                rule(unsniffed(ProxyStatus.HTTP_RESPONSE_INCOMPLETE), "The body from {addr} ended before its "
                        + "Content-Length: the app announced more bytes than it sent (a filter changing the body?)."),
                rule(unsniffed(ProxyStatus.HTTP_PROTOCOL_ERROR), "{addr} did not answer with HTTP/1.x: check the "
                        + "port points at the HTTP server, curl -v http://{addr}/"));
        rules(Cause.DNS,
                rule(ALWAYS, "{name} does not resolve: check with getent hosts {name}"),
                rule(ALWAYS, "A typo in the server URL, or a name that only exists elsewhere? Local names belong "
                        + "in /etc/hosts."),
                rule(status(ProxyStatus.DNS_TIMEOUT), "The name server did not answer within "
                        + "server.resolver.timeout: check server.resolver.servers (/etc/resolv.conf when empty)."),
                rule(status(ProxyStatus.DNS_TIMEOUT).negate(), "Telltale asks the name servers in "
                        + "server.resolver.servers, or those of /etc/resolv.conf when that is empty."));
        rules(Cause.UNREACHABLE,
                rule(ALWAYS, "There is no route to {ip}: check with ip route get {ip}"),
                rule(ALWAYS, "The address may belong to a network that is gone (a VPN that is down, a removed "
                        + "Docker network) or to an interface that no longer has it."));
        rules(Cause.TLS,
                rule(status(ProxyStatus.TLS_CERTIFICATE_ERROR), "The certificate of {name} is not trusted or does "
                        + "not name {name}. Inspect it: openssl s_client -connect {hostport} -servername {name}"),
                rule(status(ProxyStatus.TLS_CERTIFICATE_ERROR).negate(), "The TLS handshake with {addr} failed. "
                        + "Inspect it: openssl s_client -connect {hostport} -servername {name}"),
                rule(status(ProxyStatus.TLS_ALERT_RECEIVED), "The upstream sent a TLS alert: it may want a client "
                        + "certificate, or a TLS version or cipher Telltale does not offer."),
                rule(status(ProxyStatus.TLS_PROTOCOL_ERROR), "If {addr} serves plain HTTP, use http:// in the "
                        + "server URL."));
        rules(Cause.NO_LIVE_UPSTREAM,
                rule(ALWAYS, "Every server of this upstream is marked down by passive health (passive_health."
                        + "max_fails failures within passive_health.fail_timeout): wait for fail_timeout to pass, "
                        + "or fix the servers."),
                rule(ALWAYS, "The failures that marked them down are in the error log (event upstream_error)."));
        rules(Cause.OVERLOADED,
                rule(status(ProxyStatus.PROXY_INTERNAL_ERROR).negate(), "Telltale's connection pool to the upstream "
                        + "is exhausted: too many requests in flight. A slow app fills it; check its response times."),
                rule(status(ProxyStatus.PROXY_INTERNAL_ERROR), "Telltale ran out of file descriptors (too many open "
                        + "files): check ulimit -n, and LimitNOFILE= under systemd, and raise it."));
    }

    private Hints() {
    }

    /**
     * The hints for a failure, most useful first.
     *
     * @param address      the failing {@code ip:port} ({@code [v6]:port} for IPv6), or {@code null}
     * @param host         the configured host name of the server, or {@code null} for an IP literal
     * @param observations extra probes' results; {@link Observations#NONE} when none ran
     */
    public static List<String> of(UpstreamFailure failure, String address, String host, Observations observations) {
        int hash = (failure.cause().ordinal() * 31 + failure.phase().ordinal()) * 31 + Objects.hashCode(address);
        Made made = MADE.get(hash);
        if (made != null && made.isFor(failure, address, host, observations)) {
            return made.hints();
        }
        List<String> hints = make(failure, address, host, observations);
        MADE.put(hash, new Made(failure.cause(), failure.proxyStatus(), failure.phase(), failure.sniffed(),
                failure.timeoutMs(), failure.timeoutKey(), address, host, observations, hints));
        return hints;
    }

    private static List<String> make(UpstreamFailure failure, String address, String host, Observations observations) {
        Vars vars = Vars.of(failure, address, host);
        List<String> hints = new ArrayList<>(5);
        if (failure.cause() == Cause.REFUSED && observations != null) {
            String family = loopbackFamily(vars, observations);
            if (family != null) {
                hints.add(family);
            }
        }
        // A listener on the other loopback family is the diagnosis and leads; "nothing there
        // either" only supports the main hint, so it goes after it.
        boolean supporting = hints.size() == 1 && observations != null
                && Boolean.FALSE.equals(observations.otherLoopbackFamilyAccepts());
        if (failure.cause() == Cause.MALFORMED && failure.sniffed() != null) {
            String sniffed = SNIFFED.get(failure.sniffed());
            hints.add(vars.expand(sniffed != null ? sniffed
                    : "{addr} did not answer with HTTP/1.x: check the port points at the HTTP server, curl -v http://{addr}/"));
        }
        for (Rule rule : RULES.get(failure.cause())) {
            if (rule.when().test(failure)) {
                hints.add(vars.expand(rule.template()));
            }
        }
        if (supporting && hints.size() > 1) {
            hints.add(1, hints.remove(0));
        }
        return List.copyOf(hints);
    }

    private static String loopbackFamily(Vars vars, Observations o) {
        if (o.otherLoopbackFamilyAccepts() == null || o.otherLoopbackAddress() == null || !vars.loopback()) {
            return null;
        }
        String other = o.otherLoopbackAddress();
        String otherFamily = other.startsWith("[") ? "IPv6" : "IPv4";
        String ownFamily = otherFamily.equals("IPv6") ? "IPv4" : "IPv6";
        if (o.otherLoopbackFamilyAccepts()) {
            return "Something accepts on " + other + " (" + otherFamily + ") but not on " + vars.addr() + " ("
                    + ownFamily + "): the app listens on the other loopback family; point the upstream at http://"
                    + other + " or make the app listen on both";
        }
        return "Nothing accepts on " + other + " (" + otherFamily + ") either: the app is not listening on the "
                + "other loopback family.";
    }

    private static void rules(Cause cause, Rule... rules) {
        RULES.put(cause, List.of(rules));
    }

    private static Rule rule(Predicate<UpstreamFailure> when, String template) {
        return new Rule(when, template);
    }

    private static Predicate<UpstreamFailure> phase(Phase phase) {
        return f -> f.phase() == phase;
    }

    private static Predicate<UpstreamFailure> status(ProxyStatus status) {
        return f -> f.proxyStatus() == status;
    }

    private static Predicate<UpstreamFailure> unsniffed(ProxyStatus status) {
        return f -> f.sniffed() == null && f.proxyStatus() == status;
    }
}
