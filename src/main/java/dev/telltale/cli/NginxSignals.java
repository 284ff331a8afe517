package dev.telltale.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * nginx's {@code -s reload|reopen|stop|quit} and the pid file it relies on. A Telltale started
 * from an nginx config writes its pid to the {@code pid} directive's file (default
 * {@link #DEFAULT_PID}) and removes it on exit; {@code -s} reads it and signals that process:
 * reload and reopen are SIGHUP (a reload also reopens the log files), stop and quit are SIGTERM
 * (Telltale drains in-flight requests within {@code shutdown_grace}, which is what nginx's
 * graceful quit does; there is no fast stop).
 */
final class NginxSignals {
    /** Where the pid goes when the config has no {@code pid} directive: one per machine user's temp dir. */
    static final Path DEFAULT_PID = Path.of(System.getProperty("java.io.tmpdir"), "telltale-nginx.pid");

    private NginxSignals() {
    }

    /** The POSIX signal for an nginx {@code -s} name, or empty for a name nginx does not have. */
    static Optional<String> signalFor(String name) {
        return switch (name) {
            case "reload", "reopen" -> Optional.of("HUP");
            case "stop", "quit" -> Optional.of("TERM");
            default -> Optional.empty();
        };
    }

    /** Sends {@code name} to the process in {@code pidFile}; 0, or 1 after saying why not nginx-style. */
    static int send(String name, Path pidFile, PrintWriter err) {
        String signal = signalFor(name).orElse(null);
        if (signal == null) {
            err.println("telltale: invalid option: \"-s " + name + "\" (expected: stop, quit, reopen, reload)");
            return 1;
        }
        String text;
        try {
            text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            err.println("telltale: [error] open() \"" + pidFile + "\" failed (2: No such file or directory): is "
                    + "telltale running from this config? (the pid directive names the file; default " + DEFAULT_PID
                    + ")");
            return 1;
        } catch (IOException e) {
            err.println("telltale: [error] open() \"" + pidFile + "\" failed (" + e.getMessage() + ")");
            return 1;
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            err.println("telltale: [error] invalid PID number \"" + text + "\" in \"" + pidFile + "\"");
            return 1;
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            err.println("telltale: [error] kill(" + pid + ", SIG" + signal + ") failed (3: No such process): the pid "
                    + "file " + pidFile + " is stale");
            return 1;
        }
        if (name.equals("reopen")) {
            err.println("telltale: [notice] reopen: sending SIGHUP, which reopens the log files and re-reads the "
                    + "config");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                err.println("telltale: [error] kill(" + pid + ", SIG" + signal + ") failed: " + out);
                return 1;
            }
        } catch (IOException e) {
            err.println("telltale: [error] kill(" + pid + ", SIG" + signal + ") failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    /** Writes this process's pid; the returned hook removes the file if it still names this process. */
    static Runnable writePid(Path pidFile) throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        Path parent = pidFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
        return () -> {
            try {
                if (Files.readString(pidFile, StandardCharsets.US_ASCII).strip().equals(pid)) {
                    Files.delete(pidFile);
                }
            } catch (IOException e) {
                // gone already, or replaced by another instance: not ours to remove
            }
        };
    }
}
