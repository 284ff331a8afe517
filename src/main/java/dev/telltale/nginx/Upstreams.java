package dev.telltale.nginx;

import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamConfig.Balance;
import dev.telltale.config.UpstreamConfig.Keepalive;
import dev.telltale.config.UpstreamConfig.PassiveHealth;
import dev.telltale.config.UpstreamConfig.Retry;
import dev.telltale.config.UpstreamServer;
import dev.telltale.nginx.Note.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code upstream} blocks and the servers {@code proxy_pass} names directly, turned into
 * Telltale upstreams with nginx's defaults: timeouts 60s each (set on the upstream, overridden
 * per route by {@code proxy_*_timeout}), no idle upstream connections kept without
 * {@code keepalive}, {@code max_fails=1 fail_timeout=10s}, and each server tried once
 * ({@code proxy_next_upstream_tries 0}) with no overall time limit ({@code 0}, written as
 * {@link #UNLIMITED_BUDGET}).
 */
final class Upstreams {
    static final Timeouts NGINX_TIMEOUTS = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofSeconds(60));
    /** {@code proxy_next_upstream_timeout 0} means no limit; Telltale needs a number. */
    static final Duration UNLIMITED_BUDGET = Duration.ofHours(1);
    static final Duration NGINX_UPSTREAM_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);

    /** One server line of an upstream block, before the scheme is known. */
    private record Entry(String authority, int weight, boolean backup, Directive at) {
    }

    private static final class Pending {
        final String name;
        final Directive block;
        final List<Entry> servers = new ArrayList<>();
        Balance balance = Balance.ROUND_ROBIN;
        Keepalive keepalive = new Keepalive(0, NGINX_UPSTREAM_KEEPALIVE_TIMEOUT);
        PassiveHealth health;
        String scheme;
        Directive tries;
        Directive budget;
        boolean retrySeen;

        Pending(String name, Directive block) {
            this.name = name;
            this.block = block;
        }
    }

    private final NginxConverter.Sink sink;
    /** nginx upstream name → pending, in file order. */
    private final Map<String, Pending> declared = new LinkedHashMap<>();
    /** server URL → pending, for proxy_pass to a host. */
    private final Map<String, Pending> implicit = new LinkedHashMap<>();
    private final Map<String, String> telltaleNames = new LinkedHashMap<>();

    Upstreams(NginxConverter.Sink sink) {
        this.sink = sink;
    }

    void declare(Directive block) {
        String name = block.arg(0);
        if (declared.containsKey(name)) {
            sink.error(block, "duplicate upstream \"" + name + "\"");
            return;
        }
        Pending p = new Pending(name, block);
        declared.put(name, p);
        Duration keepaliveTimeout = NGINX_UPSTREAM_KEEPALIVE_TIMEOUT;
        Integer keepalive = null;
        for (Directive d : block.block()) {
            if (!sink.check(d, Directives.Context.UPSTREAM)) {
                continue;
            }
            switch (d.name()) {
                case "server" -> server(p, d);
                case "keepalive" -> {
                    keepalive = sink.integer(d, d.arg(0), 0, 100_000);
                    sink.note(d, Severity.APPROXIMATED, "keepalive " + d.arg(0) + ": nginx caches that many idle "
                            + "connections per worker process, Telltale per server and event loop");
                }
                case "keepalive_timeout" -> keepaliveTimeout = sink.time(d, d.arg(0), keepaliveTimeout);
                case "least_conn" -> p.balance = Balance.LEAST_CONN;
                case "random" -> {
                    p.balance = Balance.RANDOM_TWO;
                    if (d.args().isEmpty() || !d.arg(0).equals("two")) {
                        sink.note(d, Severity.APPROXIMATED, "random: Telltale picks the less loaded of two random "
                                + "servers (random two)");
                    } else if (d.args().size() == 2 && !d.arg(1).equals("least_conn")) {
                        sink.error(d, "invalid parameter \"" + d.arg(1) + "\"");
                    }
                }
                default -> sink.notHere(d);
            }
        }
        if (keepalive != null) {
            p.keepalive = new Keepalive(keepalive, keepaliveTimeout);
        }
        if (p.servers.isEmpty()) {
            sink.error(block, "no servers are inside upstream");
        }
    }

    private void server(Pending p, Directive d) {
        if (d.args().isEmpty()) {
            sink.error(d, "invalid number of arguments in \"server\" directive");
            return;
        }
        String address = d.arg(0);
        if (address.startsWith("unix:")) {
            sink.unsupported(d, "server " + address + ": unix sockets are not supported");
            return;
        }
        int weight = 1;
        boolean backup = false;
        boolean down = false;
        int maxFails = 1;
        Duration failTimeout = Duration.ofSeconds(10);
        for (String param : d.args().subList(1, d.args().size())) {
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            switch (key) {
                case "weight" -> weight = sink.integer(d, value, 1, 1000);
                case "max_fails" -> maxFails = sink.integer(d, value, 0, 1_000_000);
                case "fail_timeout" -> failTimeout = sink.time(d, value, failTimeout);
                case "backup" -> backup = true;
                case "down" -> down = true;
                case "max_conns" -> sink.note(d, Severity.DROPPED, "server " + address + " " + param
                        + ": Telltale does not limit connections per server");
                case "resolve", "slow_start", "service", "route" -> sink.note(d, Severity.DROPPED,
                        "server " + address + " " + param + ": not supported");
                default -> sink.error(d, "invalid parameter \"" + param + "\"");
            }
        }
        if (down) {
            sink.note(d, Severity.APPROXIMATED, "server " + address + " down: left out of the upstream");
            return;
        }
        PassiveHealth health = new PassiveHealth(maxFails, failTimeout.isZero() ? Duration.ofSeconds(10) : failTimeout);
        if (p.health == null) {
            p.health = health;
        } else if (!p.health.equals(health)) {
            sink.note(d, Severity.APPROXIMATED, "max_fails/fail_timeout: Telltale has one setting per upstream; "
                    + "using the first server's (max_fails=" + p.health.maxFails() + " fail_timeout="
                    + p.health.failTimeout().toSeconds() + "s)");
        }
        p.servers.add(new Entry(address, weight, backup, d));
    }

    /**
     * The Telltale upstream name for a {@code proxy_pass}: an {@code upstream} block's when the
     * host names one and no port is given (as nginx looks it up), else one made for the server.
     */
    String resolve(ProxyPass pass, Directive at, Scope scope) {
        Pending p = pass.port() < 0 ? declared.get(pass.host()) : null;
        if (p == null) {
            p = implicit.computeIfAbsent(pass.serverUrl(), url -> {
                Pending np = new Pending(url, at);
                np.scheme = pass.scheme();
                np.servers.add(new Entry(url.substring(url.indexOf("://") + 3), 1, false, at));
                np.health = PassiveHealth.DEFAULT;
                return np;
            });
        } else if (p.scheme == null) {
            p.scheme = pass.scheme();
        } else if (!p.scheme.equals(pass.scheme())) {
            sink.note(at, Severity.APPROXIMATED, "proxy_pass " + pass.scheme() + "://" + pass.host()
                    + ": upstream \"" + pass.host() + "\" is also used with " + p.scheme + "; Telltale uses "
                    + p.scheme + " for it");
        }
        if (!p.retrySeen) {
            p.retrySeen = true;
            p.tries = scope.tries;
            p.budget = scope.budget;
        } else if (!sameValue(p.tries, scope.tries) || !sameValue(p.budget, scope.budget)) {
            sink.note(at, Severity.APPROXIMATED, "proxy_next_upstream_tries/timeout: Telltale retries per upstream; "
                    + "this location uses other values than the first location proxying to it, whose are kept");
        }
        return telltaleName(p);
    }

    private static boolean sameValue(Directive a, Directive b) {
        return a == null ? b == null : b != null && a.args().equals(b.args());
    }

    private String telltaleName(Pending p) {
        String key = (declared.get(p.name) == p ? "u:" : "i:") + p.name;
        return telltaleNames.computeIfAbsent(key, k -> {
            String base = declared.get(p.name) == p ? p.name : p.servers.get(0).authority();
            String n = base.replaceAll("[^A-Za-z0-9_-]", "_");
            String unique = n;
            for (int i = 2; telltaleNames.containsValue(unique); i++) {
                unique = n + "_" + i;
            }
            return unique;
        });
    }

    /** Every upstream, referenced or not, by Telltale name. */
    Map<String, UpstreamConfig> build() {
        Map<String, UpstreamConfig> out = new LinkedHashMap<>();
        List<Pending> all = new ArrayList<>(declared.values());
        all.addAll(implicit.values());
        for (Pending p : all) {
            if (p.servers.isEmpty()) {
                continue;
            }
            String scheme = p.scheme == null ? "http" : p.scheme;
            List<UpstreamServer> servers = new ArrayList<>();
            for (Entry e : p.servers) {
                try {
                    UpstreamServer s = UpstreamServer.parse(scheme + "://" + e.authority(), e.weight(), e.backup());
                    servers.add(s);
                } catch (IllegalArgumentException ex) {
                    sink.error(e.at(), "invalid host in upstream \"" + e.authority() + "\"");
                }
            }
            if (servers.isEmpty()) {
                continue;
            }
            int tries = p.tries == null ? 0 : sink.integer(p.tries, p.tries.arg(0), 0, 100);
            Duration budget = p.budget == null ? Duration.ZERO : sink.time(p.budget, p.budget.arg(0), Duration.ZERO);
            Retry retry = new Retry(tries == 0 ? Math.min(100, servers.size()) : tries,
                    budget.isZero() ? UNLIMITED_BUDGET : budget);
            String name = telltaleName(p);
            out.put(name, new UpstreamConfig(name, servers, p.balance, NGINX_TIMEOUTS, p.keepalive,
                    p.health == null ? PassiveHealth.DEFAULT : p.health, null, retry));
        }
        return out;
    }
}
