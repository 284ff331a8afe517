package dev.telltale.cli;

import dev.telltale.boot.Runner;
import dev.telltale.config.Config;
import dev.telltale.nginx.Nginx;
import dev.telltale.nginx.NginxConfigException;
import dev.telltale.nginx.NginxConversion;
import dev.telltale.nginx.NginxError;
import dev.telltale.nginx.Note;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Running from an nginx config, speaking like nginx: errors as {@code telltale: [emerg] unknown
 * directive "foo" in FILE:LINE}, notes as {@code [warn]} (dropped, approximated) or
 * {@code [notice]} (no effect), and {@code -t}'s two lines.
 */
final class NginxMode {
    private NginxMode() {
    }

    static int run(Path file, boolean lenient, boolean test, PrintWriter out, PrintWriter err) throws Exception {
        Optional<NginxConversion> loaded = load(file, lenient, err);
        if (loaded.isEmpty()) {
            if (test) {
                err.println("telltale: configuration file " + file + " test failed");
            }
            return 1;
        }
        for (Note n : loaded.get().notes()) {
            err.println("telltale: [" + (n.severity() == Note.Severity.NO_EFFECT ? "notice" : "warn") + "] "
                    + n.severity().wireName() + ": " + n.message() + (n.line() > 0 ? " in " + n.file() + ":" + n.line()
                    : ""));
        }
        Config cfg = loaded.get().config();
        var adminProblem = cfg.admin().enabled() ? dev.telltale.admin.AdminServer.bindProblem(cfg.admin())
                : Optional.<String>empty();
        if (adminProblem.isPresent()) {
            err.println("telltale: [emerg] " + adminProblem.get());
            if (test) {
                err.println("telltale: configuration file " + file + " test failed");
            }
            return 1;
        }
        if (test) {
            err.println("telltale: the configuration file " + file + " syntax is ok");
            err.println("telltale: configuration file " + file + " test is successful");
            return 0;
        }
        Runner runner = Runner.start(file, cfg, f -> Nginx.loadConfig(f, lenient));
        out.println("telltale " + Main.Version.VERSION + " listening on " + runner.proxy().addresses().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList() + " (" + file + ", nginx)");
        runner.runUntilSignalled();
        return 0;
    }

    /** The conversion, or empty after printing every error nginx-style. */
    static Optional<NginxConversion> load(Path file, boolean lenient, PrintWriter err) {
        try {
            return Optional.of(Nginx.load(file, lenient));
        } catch (NginxConfigException e) {
            for (NginxError error : e.errors()) {
                err.println("telltale: [emerg] " + error);
            }
            return Optional.empty();
        }
    }
}
