package dev.telltale.testing;

import dev.telltale.boot.Telltale;
import dev.telltale.config.AdminConfig;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigOrigins;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;
import dev.telltale.config.Limits;
import dev.telltale.config.ListenAddress;
import dev.telltale.config.LogsConfig;
import dev.telltale.config.ResolverConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ServerConfig;
import dev.telltale.config.Timeouts;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamServer;
import dev.telltale.proxy.ExchangeEvents;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Telltale instance on 127.0.0.1:0 for tests, built from code: one upstream {@code app} and
 * a catch-all route unless told otherwise.
 */
public final class ProxyFixture implements AutoCloseable {
    private final Telltale proxy;

    private ProxyFixture(Telltale proxy) {
        this.proxy = proxy;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ProxyFixture forUrl(String upstreamUrl) {
        return builder().upstream("app", upstreamUrl).start();
    }

    /**
     * A proxy from YAML as a user writes it (say {@code server: {listen: ["127.0.0.1:0"]}}), so
     * the config loader's checks and defaults apply. Relative directories are relative to the
     * working directory.
     */
    public static ProxyFixture fromYaml(String yaml, ExchangeEvents events) {
        try {
            Config c = dev.telltale.config.ConfigLoader.parse(yaml, "test.yaml");
            return new ProxyFixture(Telltale.start(c, events, new dev.telltale.metrics.ProxyMetrics(),
                    dev.telltale.upstream.UpstreamEvents.NONE));
        } catch (dev.telltale.config.ConfigException e) {
            throw new IllegalArgumentException(dev.telltale.config.ConfigLoader.describeErrors(e), e);
        }
    }

    /** {@link #fromYaml} with one event loop on 127.0.0.1:0 and the logs off, for {@code routes:} and the like. */
    public static ProxyFixture quietYaml(String yaml, ExchangeEvents events) {
        return fromYaml("server: { listen: [\"127.0.0.1:0\"], workers: 1 }\n"
                + "logs: { access: { target: \"off\" }, error: { target: \"off\" } }\n" + yaml, events);
    }

    public Telltale proxy() {
        return proxy;
    }

    public int port() {
        return proxy.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        proxy.close();
    }

    public static final class Builder {
        private final Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
        private final List<RouteConfig> routes = new ArrayList<>();
        private Limits limits = Limits.DEFAULT;
        private DiagnosticsConfig diagnostics = new DiagnosticsConfig(DetailLevel.FULL,
                DiagnosticsConfig.DEFAULT.trusted(), 502, 1000, Duration.ofMinutes(5));
        private ResolverConfig resolver = ResolverConfig.DEFAULT;
        private ExchangeEvents events = ExchangeEvents.NONE;
        private dev.telltale.upstream.UpstreamEvents upstreamEvents = dev.telltale.upstream.UpstreamEvents.NONE;
        private UnaryOperator<Config> finisher = c -> c;

        public Builder upstream(String name, String... urls) {
            return upstream(name, Timeouts.DEFAULT, urls);
        }

        public Builder upstream(String name, Timeouts timeouts, String... urls) {
            List<UpstreamServer> servers = new ArrayList<>();
            for (String u : urls) {
                servers.add(UpstreamServer.parse(u, 1, false));
            }
            upstreams.put(name, new UpstreamConfig(name, servers, UpstreamConfig.Balance.ROUND_ROBIN, timeouts,
                    UpstreamConfig.Keepalive.DEFAULT, UpstreamConfig.PassiveHealth.DEFAULT, null,
                    UpstreamConfig.Retry.DEFAULT));
            return this;
        }

        public Builder upstream(UpstreamConfig u) {
            upstreams.put(u.name(), u);
            return this;
        }

        public Builder route(RouteConfig r) {
            routes.add(r);
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = l;
            return this;
        }

        public Builder diagnostics(DiagnosticsConfig d) {
            this.diagnostics = d;
            return this;
        }

        public Builder resolver(ResolverConfig r) {
            this.resolver = r;
            return this;
        }

        public Builder events(ExchangeEvents e) {
            this.events = e;
            return this;
        }

        public Builder upstreamEvents(dev.telltale.upstream.UpstreamEvents e) {
            this.upstreamEvents = e;
            return this;
        }

        public Builder finish(UnaryOperator<Config> f) {
            this.finisher = f;
            return this;
        }

        public Config config() {
            List<RouteConfig> rs = new ArrayList<>(routes);
            if (rs.isEmpty()) {
                rs.add(new RouteConfig(null, "/", upstreams.keySet().iterator().next(), null, true, null, null, null));
            }
            ServerConfig server = new ServerConfig(List.of(new ListenAddress("127.0.0.1", 0)), 2,
                    Duration.ofSeconds(5), limits, resolver);
            return finisher.apply(new Config(server, new AdminConfig(null, null), diagnostics, LogsConfig.DEFAULT,
                    upstreams, rs, ConfigOrigins.NONE));
        }

        public ProxyFixture start() {
            return new ProxyFixture(Telltale.start(config(), events, new dev.telltale.metrics.ProxyMetrics(),
                    upstreamEvents));
        }
    }
}
