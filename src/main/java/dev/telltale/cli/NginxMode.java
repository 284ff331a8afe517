package dev.telltale.cli;

import dev.telltale.boot.Runner;
import dev.telltale.config.Config;
import dev.telltale.nginx.Nginx;
import dev.telltale.nginx.NginxConfigException;
import dev.telltale.nginx.NginxConversion;
import dev.telltale.nginx.NginxError;
import dev.telltale.nginx.NginxParser;
import dev.telltale.nginx.Note;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Running from an nginx config, speaking like nginx: errors as {@code telltale: [emerg] unknown
 * directive "foo" in FILE:LINE}, notes as {@code [warn]} (dropped, approximated) or
 * {@code [notice]} (no effect), {@code -t}'s two lines, {@code -T}'s dump, {@code -s} signals and
 * the pid file they use.
 */
final class NginxMode {
    /**
     * nginx's command line as Telltale took it.
     *
     * @param file       the config ({@code -c}, {@code --nginx}), or {@code null} (only with {@code -s})
     * @param prefix     {@code -p}, or {@code null} for the config's default prefix
     * @param directives {@code -g}, or {@code null}
     * @param test       {@code -t} or {@code -T}
     * @param dump       {@code -T}: after the test, print every config file
     * @param signal     {@code -s NAME}, or {@code null}
     */
    record Options(Path file, Path prefix, String directives, boolean lenient, boolean test, boolean dump,
                   String signal) {
    }

    private NginxMode() {
    }

    static int run(Options o, PrintWriter out, PrintWriter err) throws Exception {
        if (o.signal() != null && o.file() == null) {
            return NginxSignals.send(o.signal(), NginxSignals.DEFAULT_PID, err);
        }
        Path file = o.file();
        Optional<NginxConversion> loaded = load(file, o.prefix(), o.directives(), o.lenient(), err);
        if (loaded.isEmpty()) {
            if (o.test()) {
                err.println("telltale: configuration file " + file + " test failed");
            }
            return 1;
        }
        Path pid = loaded.get().pid() != null ? loaded.get().pid() : NginxSignals.DEFAULT_PID;
        if (o.signal() != null) {
            return NginxSignals.send(o.signal(), pid, err);
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
            if (o.test()) {
                err.println("telltale: configuration file " + file + " test failed");
            }
            return 1;
        }
        if (o.test()) {
            err.println("telltale: the configuration file " + file + " syntax is ok");
            err.println("telltale: configuration file " + file + " test is successful");
            if (o.dump()) {
                dump(file, out);
            }
            return 0;
        }
        Runner runner = Runner.start(file, cfg, f -> Nginx.loadConfig(f, o.prefix(), o.directives(), o.lenient()));
        Runnable removePid;
        try {
            removePid = NginxSignals.writePid(pid);
        } catch (IOException e) {
            err.println("telltale: [emerg] open() \"" + pid + "\" failed (" + e.getMessage() + ")");
            runner.shutdown();
            return 1;
        }
        try {
            out.println("telltale " + Main.Version.VERSION + " listening on " + runner.proxy().addresses().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList() + " (" + file
                    + ", nginx, pid " + ProcessHandle.current().pid() + " in " + pid + ")");
            runner.runUntilSignalled();
        } finally {
            removePid.run();
        }
        return 0;
    }

    /** nginx's {@code -T}: each file read, headed by {@code # configuration file PATH:}. */
    private static void dump(Path file, PrintWriter out) throws NginxConfigException, IOException {
        List<Path> files = NginxParser.read(file).files();
        for (Path f : files) {
            String text = Files.readString(f);
            out.print("# configuration file " + f + ":\n" + text + (text.endsWith("\n") ? "" : "\n") + "\n");
        }
        out.flush();
    }

    /** The conversion, or empty after printing every error nginx-style. */
    static Optional<NginxConversion> load(Path file, Path prefix, String directives, boolean lenient,
                                          PrintWriter err) {
        try {
            return Optional.of(Nginx.load(file, prefix, directives, lenient));
        } catch (NginxConfigException e) {
            for (NginxError error : e.errors()) {
                err.println("telltale: [emerg] " + error);
            }
            return Optional.empty();
        }
    }
}
