package dev.telltale.nginx.diff;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx of our own, never the system's: one process ({@code master_process off}) in the
 * foreground, its prefix, pid file, logs and temp directories all inside {@code dir}, stopped by
 * its own PID on {@link #close}.
 */
final class NginxProcess implements AutoCloseable {
    private static final Pattern HTTP_BLOCK = Pattern.compile("(?m)^\\s*http\\s*\\{");

    private final Process process;
    private final Path dir;

    private NginxProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The nginx binary, or empty when nginx is not installed. */
    static Optional<Path> binary() {
        for (String p : new String[] {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "nginx");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The config nginx runs: the case's file plus, first in {@code http}, the paths nginx would
     * otherwise write under /var (temp files, access log). Telltale reads the file without them.
     */
    static String withPrivatePaths(String config, Path dir) {
        Matcher m = HTTP_BLOCK.matcher(config);
        if (!m.find()) {
            return config;
        }
        String d = dir.toString();
        String paths = "\n    client_body_temp_path " + d + "/body; proxy_temp_path " + d + "/proxy;"
                + " fastcgi_temp_path " + d + "/fastcgi; uwsgi_temp_path " + d + "/uwsgi;"
                + " scgi_temp_path " + d + "/scgi; access_log " + d + "/access.log;";
        return config.substring(0, m.end()) + paths + config.substring(m.end());
    }

    /**
     * Starts nginx on {@code conf} and waits until every port accepts.
     *
     * @throws IOException with nginx's error log when it exits or does not listen within 5 s
     */
    static NginxProcess start(Path binary, Path dir, Path conf, List<Integer> ports) throws IOException {
        Path errorLog = dir.resolve("error.log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-c", conf.toString(),
                "-e", errorLog.toString(),
                "-g", "daemon off; master_process off; pid " + dir.resolve("nginx.pid") + "; error_log " + errorLog
                + " info;");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        NginxProcess n = new NginxProcess(pb.start(), dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int port : ports) {
            while (!accepts(port)) {
                if (!n.process.isAlive() || System.nanoTime() > deadline) {
                    n.close();
                    throw new IOException("nginx did not start on port " + port + ": " + n.log());
                }
                try {
                    Thread.sleep(10); // polling a port nginx is binding: there is no event to await
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        return n;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** nginx's own words about this run: its error log and anything it printed. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"error.log", "stdout.log"}) {
            try {
                String text = Files.readString(dir.resolve(f)).strip();
                if (!text.isEmpty()) {
                    sb.append('\n').append(text.lines().filter(l -> !l.contains("[notice]")).reduce((a, b) -> a + "\n" + b)
                            .orElse(""));
                }
            } catch (IOException e) {
                // not written
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
