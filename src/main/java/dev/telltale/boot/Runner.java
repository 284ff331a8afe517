package dev.telltale.boot;

import dev.telltale.admin.AdminServer;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.log.AccessLog;
import dev.telltale.log.ErrorLog;
import dev.telltale.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A running Telltale process: logs, the proxy, the admin plane, and the signals that steer them.
 * SIGTERM and SIGINT drain (bounded by {@code server.shutdown_grace}) and exit 0; SIGHUP reloads
 * the config file, keeping the running config when the new one has errors.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    private final Path file;
    private final ConfigReader reader;
    private final AccessLog access;
    private final ErrorLog errors;
    private final Telltale proxy;
    private final AdminServer admin;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** How the config file is read again on reload: {@link ConfigLoader#load} for YAML. */
    @FunctionalInterface
    public interface ConfigReader {
        Config read(Path file) throws ConfigException;
    }

    private Runner(Path file, Config config, ConfigReader reader) {
        this.file = file;
        this.reader = reader;
        this.access = AccessLog.open(config.logs().access());
        try {
            this.errors = ErrorLog.open(config.logs().error());
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        try {
            LoggingEvents logging = new LoggingEvents(access, errors);
            this.proxy = Telltale.start(config, logging, new ProxyMetrics(), logging);
        } catch (RuntimeException e) {
            errors.close();
            access.close();
            throw e;
        }
        try {
            this.admin = config.admin().enabled() ? AdminServer.start(config.admin(),
                    new AdminBridge(proxy, this::reloadErrors, () -> new Thread(this::shutdown, "telltale-drain")
                            .start())) : null;
        } catch (RuntimeException e) {
            proxy.close();
            errors.close();
            access.close();
            throw e instanceof IllegalArgumentException ? e
                    : new IllegalStateException("admin.listen: cannot start the admin plane: " + e.getMessage(), e);
        }
        if (admin != null) {
            LOG.info("admin plane on {}:{}", config.admin().listen().host(), admin.port());
        }
    }

    /** The admin plane, or {@code null} when {@code admin.listen: off}. */
    public AdminServer admin() {
        return admin;
    }

    /**
     * Starts everything for {@code config}.
     *
     * @param file the config file, re-read on SIGHUP; {@code null} for the embedded default
     * @throws IllegalStateException or IllegalArgumentException with a user-facing message when
     *                               a listener cannot bind or a log target cannot be opened
     */
    public static Runner start(Path file, Config config) {
        return new Runner(file, config, ConfigLoader::load);
    }

    /** {@link #start(Path, Config)} for a file that {@code reader} reads (an nginx config). */
    public static Runner start(Path file, Config config, ConfigReader reader) {
        return new Runner(file, config, reader);
    }

    public Telltale proxy() {
        return proxy;
    }

    /** Installs SIGTERM/SIGINT/SIGHUP handlers and blocks until the process was told to stop. */
    public void runUntilSignalled() throws InterruptedException {
        Signal.handle(new Signal("TERM"), s -> new Thread(this::shutdown, "telltale-shutdown").start());
        Signal.handle(new Signal("INT"), s -> new Thread(this::shutdown, "telltale-shutdown").start());
        Signal.handle(new Signal("HUP"), s -> new Thread(this::reload, "telltale-reload").start());
        stopped.await();
    }

    /** Re-reads the config file; applies it when valid, logs every error and keeps the old one otherwise. */
    public boolean reload() {
        return reloadErrors().isEmpty();
    }

    /** {@link #reload()}, answering the errors ({@code FILE:LINE:COL: message}); empty when applied. */
    public synchronized List<String> reloadErrors() {
        if (file == null) {
            LOG.warn("reload requested, but running on the built-in default config: nothing to re-read");
            return List.of("running on the built-in default config: there is no file to re-read");
        }
        Config next;
        try {
            next = reader.read(file);
        } catch (ConfigException e) {
            for (var err : e.errors()) {
                LOG.error("reload rejected: {}", err);
            }
            errors.event("reload_rejected", "error", Map.of("file", file.toString(), "errors", e.errors().size()));
            return e.errors().stream().map(Object::toString).toList();
        }
        try {
            proxy.reload(next);
        } catch (IllegalStateException e) {
            LOG.error("reload rejected: {}", e.getMessage());
            errors.event("reload_rejected", "error", Map.of("file", file.toString(), "errors", 1));
            return List.of(file + ": " + e.getMessage());
        }
        access.reopen();
        errors.reopen();
        errors.event("reload", "notice", Map.of("file", file.toString()));
        return List.of();
    }

    /** Drains in-flight requests within {@code server.shutdown_grace}, then stops. Idempotent. */
    public synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        var grace = proxy.config().server().shutdownGrace();
        LOG.info("shutting down: draining in-flight requests (up to {} ms)", grace.toMillis());
        boolean clean = proxy.drain(grace);
        if (!clean) {
            LOG.warn("shutdown_grace elapsed with {} request(s) still in flight; closing them",
                    proxy.context().inFlight());
        }
        if (admin != null) {
            admin.close();
        }
        proxy.close();
        errors.close();
        access.close();
        stopped.countDown();
    }
}
