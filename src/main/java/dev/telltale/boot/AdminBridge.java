package dev.telltale.boot;

import dev.telltale.admin.AdminSources;
import dev.telltale.admin.ReloadResult;
import dev.telltale.admin.UpstreamStatus;
import dev.telltale.diagnose.Cause;
import dev.telltale.diagnose.Report;
import dev.telltale.metrics.ProxyMetrics;
import dev.telltale.upstream.Server;
import dev.telltale.upstream.ServerHealth;
import dev.telltale.upstream.UpstreamGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What the admin plane reads and does, served from the running proxy. */
final class AdminBridge implements AdminSources {
    private final Telltale proxy;
    private final Supplier<List<String>> reload;
    private final Runnable drain;

    /**
     * @param reload re-reads the config file; returns its errors, empty when applied
     */
    AdminBridge(Telltale proxy, Supplier<List<String>> reload, Runnable drain) {
        this.proxy = proxy;
        this.reload = reload;
        this.drain = drain;
    }

    @Override
    public Optional<Report> report(String requestId) {
        return proxy.reports().get(requestId);
    }

    @Override
    public List<Report> recentFailures(int limit) {
        return proxy.reports().recent(limit);
    }

    /** Recent failures are those of the last {@link ServerHealth#HISTORY_NANOS} (60 s). */
    @Override
    public List<UpstreamStatus> upstreams() {
        List<UpstreamStatus> out = new ArrayList<>();
        var snap = proxy.context().snapshot();
        Instant now = Instant.now();
        for (String name : snap.config().upstreams().keySet().stream().sorted().toList()) {
            UpstreamGroup g = snap.upstreams().get(name);
            List<UpstreamStatus.Server> servers = new ArrayList<>();
            for (Server s : g.servers()) {
                servers.add(server(s, now));
            }
            out.add(new UpstreamStatus(name, servers));
        }
        return out;
    }

    private static UpstreamStatus.Server server(Server s, Instant now) {
        ServerHealth.Status st = s.health().status();
        Map<String, Long> recent = new LinkedHashMap<>();
        st.recentFailures().forEach((Cause c, Integer n) -> recent.put(c.wireName(), n.longValue()));
        ServerHealth.Passive p = s.health().passive();
        UpstreamStatus.Passive passive = p.up() ? UpstreamStatus.Passive.UP
                : new UpstreamStatus.Passive(false, p.downCause().wireName(), ago(now, p.downForMs()),
                        p.retryInMs() == null ? null : now.plusMillis(p.retryInMs()));
        ServerHealth.Active a = s.health().active();
        UpstreamStatus.Active active = null;
        if (a != null) {
            ServerHealth.Check c = a.lastCheck();
            active = new UpstreamStatus.Active(a.up(), ago(now, a.changedAgoMs()), c == null ? null
                    : new UpstreamStatus.Check(now.minusMillis(c.agoMs()), c.ok(),
                            c.cause() == null ? null : c.cause().wireName(), c.reason()));
        }
        return new UpstreamStatus.Server(s.url(), st.up(), passive, active, ago(now, st.lastSuccessAgoMs()),
                st.lastFailureCause() == null ? null : st.lastFailureCause().wireName(),
                ago(now, st.lastFailureAgoMs()), recent, s.state().summary());
    }

    private static Instant ago(Instant now, Long ms) {
        return ms == null ? null : now.minusMillis(ms);
    }

    @Override
    public Map<String, Object> effectiveConfig() {
        return EffectiveConfig.of(proxy.config());
    }

    @Override
    public boolean ready() {
        return notReadyReason() == null;
    }

    @Override
    public String notReadyReason() {
        if (proxy.context().draining()) {
            return "draining: the proxy is shutting down";
        }
        for (UpstreamGroup g : proxy.context().snapshot().upstreams().values()) {
            if (g.servers().stream().noneMatch(s -> s.health().available())) {
                return "upstream '" + g.name() + "' has no live server";
            }
        }
        return null;
    }

    @Override
    public ReloadResult reload() {
        List<String> errors = reload.get();
        return errors.isEmpty() ? ReloadResult.success() : ReloadResult.failed(errors);
    }

    @Override
    public void drain() {
        drain.run();
    }

    @Override
    public ProxyMetrics metrics() {
        return proxy.metrics();
    }
}
