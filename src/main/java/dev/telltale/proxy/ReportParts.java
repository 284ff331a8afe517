package dev.telltale.proxy;

import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.ConfigFact;
import dev.telltale.diagnose.Hints;
import dev.telltale.diagnose.Memo;
import dev.telltale.diagnose.ServerState;
import dev.telltale.diagnose.UpstreamFailure;
import dev.telltale.upstream.Server;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The parts of a failure report that are the same for every failure of one server: the config
 * facts and route text (they change only with the config), the servers' states (only when a
 * server's health changes) and the other loopback address to probe. In a 502 storm they are
 * made once and shared by every report, which keeps both the failure and the reports kept in
 * the {@link dev.telltale.diagnose.ReportStore} cheap. Thread-safe: the caches are {@link Memo}s
 * of immutable entries, and keys hold config records and states, never runtime objects such as
 * pools, so a reload leaves nothing but a few stale config records behind.
 */
final class ReportParts {
    /** The route's text and the config facts for one route, upstream config and timeout key. */
    private record Facts(RouteConfig route, int routeIndex, UpstreamConfig upstream, ConfigOrigins origins,
                         String key, String routeText, List<ConfigFact> facts) {
    }

    /**
     * The other loopback family's address for a refused loopback {@code address}, with the two
     * observations a probe of it can give.
     */
    record Loopback(String address, InetSocketAddress other, Hints.Observations accepts,
                    Hints.Observations refuses) {
        Hints.Observations seen(Boolean accepted) {
            return Boolean.TRUE.equals(accepted) ? accepts : Boolean.FALSE.equals(accepted) ? refuses
                    : new Hints.Observations(accepted, refuses.otherLoopbackAddress());
        }
    }

    private final Memo<Facts> facts = new Memo<>(64);
    private final Memo<List<ServerState>> states = new Memo<>(64);
    private final Memo<Loopback> loopbacks = new Memo<>(64);

    /** {@code e.route()}: the route described, as the access log has it. */
    String route(Exchange e) {
        return facts(e, null).routeText();
    }

    /** The configured values that bear on {@code f}, with the file line that set each. */
    List<ConfigFact> configFacts(Exchange e, UpstreamFailure f) {
        String key = f.timeoutKey();
        if (key == null && (f.cause() == Cause.REFUSED || f.cause() == Cause.UNREACHABLE || f.cause() == Cause.TLS
                || f.cause() == Cause.DNS)) {
            key = "timeouts.connect";
        }
        if (key == null || !key.startsWith("timeouts.")) {
            return List.of();
        }
        return facts(e, key).facts();
    }

    private Facts facts(Exchange e, String key) {
        RouteConfig route = e.route.config();
        UpstreamConfig upstream = e.upstream.config();
        ConfigOrigins origins = e.snap.config().origins();
        int hash = (System.identityHashCode(route) * 31 + System.identityHashCode(upstream)) * 31
                + (key == null ? 0 : key.hashCode());
        Facts known = facts.get(hash);
        if (known != null && known.route() == route && known.upstream() == upstream && known.origins() == origins
                && known.routeIndex() == e.route.index() && java.util.Objects.equals(known.key(), key)) {
            return known;
        }
        return facts.put(hash, new Facts(route, e.route.index(), upstream, origins, key, route.describe(),
                key == null ? List.of() : List.of(fact(e, key, origins))));
    }

    private static ConfigFact fact(Exchange e, String key, ConfigOrigins origins) {
        var override = e.route.config().timeouts();
        boolean byRoute = switch (key) {
            case "timeouts.connect" -> override.connect() != null;
            case "timeouts.send" -> override.send() != null;
            default -> override.read() != null;
        };
        String chosen = byRoute ? "routes." + e.route.index() + "." + key
                : "upstreams." + e.upstream.name() + "." + key;
        String origin = origins.file() == null ? "built-in config" : origins.of(chosen).orElse(null);
        return new ConfigFact(chosen, e.timeoutSetting(key), origin);
    }

    /**
     * The upstream's servers' states; the list made for the previous failure when every state
     * is the same instance ({@link dev.telltale.upstream.ServerHealth#state} reuses them while
     * nothing changed).
     */
    List<ServerState> serverStates(Exchange e) {
        List<Server> servers = e.upstream.servers();
        int n = servers.size();
        if (n == 0) {
            return List.of();
        }
        ServerState first = servers.get(0).state();
        int hash = System.identityHashCode(first);
        List<ServerState> known = states.get(hash);
        boolean same = known != null && known.size() == n && known.get(0) == first;
        if (n == 1) {
            return same ? known : states.put(hash, List.of(first));
        }
        ServerState[] now = new ServerState[n];
        now[0] = first;
        for (int i = 1; i < n; i++) {
            now[i] = servers.get(i).state();
            same = same && known.get(i) == now[i];
        }
        return same ? known : states.put(hash, List.of(now));
    }

    /** The other loopback family for a loopback {@code address} ({@code ip:port}); {@code null} otherwise. */
    Loopback loopback(String address) {
        if (address == null) {
            return null;
        }
        int hash = address.hashCode();
        Loopback known = loopbacks.get(hash);
        if (known != null && known.address().equals(address)) {
            return known.other() == null ? null : known;
        }
        InetSocketAddress other = DiagnosticResponder.otherLoopback(address);
        if (other == null) {
            loopbacks.put(hash, new Loopback(address, null, null, null)); // not loopback: remembered too
            return null;
        }
        // otherLoopback gives Netty's ::1 or 127.0.0.1: no getHostAddress per failure.
        String authority = (other.getAddress() instanceof Inet6Address ? "[::1]:" : "127.0.0.1:") + other.getPort();
        return loopbacks.put(hash, new Loopback(address, other, new Hints.Observations(true, authority),
                new Hints.Observations(false, authority)));
    }
}
