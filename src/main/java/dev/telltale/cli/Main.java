package dev.telltale.cli;

import dev.telltale.boot.Runner;
import dev.telltale.config.Config;
import dev.telltale.config.ConfigException;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ListenAddress;
import dev.telltale.demo.DemoConfig;
import dev.telltale.demo.DemoUpstreams;
import dev.telltale.nginx.Nginx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -jar telltale.jar [-t] [-c FILE] | demo | --version} (DESIGN §1), plus nginx's
 * flags for nginx configs ({@code -T -p -g -s -v -V}, see {@link NginxMode}). Exit codes: 0
 * success, 1 invalid configuration or failed start, 2 bad command line.
 */
@Command(name = "telltale", versionProvider = Main.Version.class,
        description = "A lightweight HTTP reverse proxy whose errors tell you why.",
        subcommands = {Main.Demo.class, NginxConvert.class})
public final class Main implements Callable<Integer> {
    static final String DEFAULT_CONFIG = "conf/telltale.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: " + DEFAULT_CONFIG + " when it exists, else built-in defaults).")
    Path config;

    @Option(names = "-t", description = "Test the configuration and exit.")
    boolean test;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    boolean version;

    @Option(names = "-T", description = "nginx: test the configuration, then print every config file read.")
    boolean testDump;

    @Option(names = "-p", paramLabel = "PREFIX", description = "nginx: the prefix for relative root, alias, log "
            + "and pid paths and for a relative -c (default: the config's directory, or its parent when that is "
            + "named conf).")
    Path prefix;

    @Option(names = "-g", paramLabel = "DIRECTIVES", description = "nginx: main-context directives, such as "
            + "\"pid /tmp/t.pid; daemon off;\".")
    String directives;

    @Option(names = "-s", paramLabel = "SIGNAL", description = "nginx: signal the running Telltale (pid file): "
            + "reload, reopen, stop or quit.")
    String signal;

    @Option(names = "-v", description = "nginx: print the version (nginx-style, on stderr).")
    boolean nginxVersion;

    @Option(names = "-V", description = "nginx: print the version and the nginx features Telltale supports.")
    boolean nginxFeatures;

    @Option(names = "--nginx", paramLabel = "FILE",
            description = "Read FILE as an nginx config (also detected for -c: a .conf name or nginx directives).")
    Path nginx;

    @Option(names = "--lenient", description = "With an nginx config: warn about unsupported directives instead "
            + "of refusing them.")
    boolean lenient;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests: nothing calls System.exit). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("telltale: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (nginxVersion || nginxFeatures) {
            err.println("nginx version: telltale/" + Version.VERSION + " (nginx-compatible)");
            if (nginxFeatures) {
                err.println("built by telltale on Java " + Runtime.version().feature());
                err.println("configure arguments: " + Version.NGINX_FEATURES);
            }
            return 0;
        }
        Path nginxFile = nginx != null ? nginx : config;
        if (prefix != null && nginxFile != null && !nginxFile.isAbsolute()) {
            nginxFile = prefix.resolve(nginxFile); // nginx reads a relative -c under -p
        }
        boolean nginxFlags = testDump || prefix != null || directives != null || signal != null;
        if (nginxFlags && nginxFile == null && prefix != null) {
            nginxFile = prefix.resolve("conf/nginx.conf"); // nginx's default config under its prefix
        }
        if (nginx != null || nginxFlags || config != null && Nginx.looksLikeNginx(config)) {
            if (nginxFile == null && signal == null) {
                err.println("telltale: -T, -g and -p need an nginx config (-c FILE)");
                return 2;
            }
            return NginxMode.run(new NginxMode.Options(nginxFile, prefix, directives, lenient, test || testDump,
                    testDump, signal), out, err);
        }
        Path file = config != null ? config : Files.exists(Path.of(DEFAULT_CONFIG)) ? Path.of(DEFAULT_CONFIG) : null;
        Config cfg;
        try {
            cfg = file == null ? Config.defaults() : ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(ConfigLoader.describeErrors(e));
            if (test) {
                err.println("configuration file " + file + " test failed");
            }
            return 1;
        }
        var adminProblem = cfg.admin().enabled() ? dev.telltale.admin.AdminServer.bindProblem(cfg.admin())
                : java.util.Optional.<String>empty();
        if (adminProblem.isPresent()) {
            err.println((file == null ? "" : file + ": ") + adminProblem.get());
            return 1;
        }
        if (test) {
            out.println("configuration " + (file == null ? "(built-in defaults)" : file) + " test is successful");
            return 0;
        }
        Runner runner = Runner.start(file, cfg);
        out.println("telltale " + Version.VERSION + " listening on " + runner.proxy().addresses().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList()
                + (file == null ? " (built-in defaults)" : " (" + file + ")"));
        runner.runUntilSignalled();
        return 0;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start the proxy in front of built-in misbehaving upstreams, one route per failure cause.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
                description = "Where the demo proxy listens (default: ${DEFAULT-VALUE}).")
        String listen;

        @Override
        public Integer call() throws Exception {
            try (DemoUpstreams upstreams = DemoUpstreams.start()) {
                Config cfg = DemoConfig.demoConfig(upstreams, ListenAddress.parse(listen));
                Runner runner = Runner.start(null, cfg);
                System.out.println(DemoConfig.banner(cfg, upstreams.routes()));
                runner.runUntilSignalled();
            }
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static final String VERSION = java.util.Optional.ofNullable(Main.class.getPackage().getImplementationVersion())
                .orElse("0.1.0-dev");
        /** {@code nginx -V}'s configure line: the modules whose directives Telltale maps (README: Coming from nginx). */
        static final String NGINX_FEATURES = "--with-http_core_module --with-http_proxy_module "
                + "--with-http_upstream_module (round_robin, least_conn, random two, keepalive) "
                + "--with-http_rewrite_module (return only) --with-http_static_module --with-http_index_module "
                + "--with-http_headers_module (add_header) --with-http_log_module (combined, escape=json) "
                + "--without-http_ssl_module --without-http_gzip_module --without-http_proxy_cache "
                + "--without-http_v2_module --without-stream --without-mail";

        @Override
        public String[] getVersion() {
            return new String[] {"telltale " + VERSION};
        }
    }
}
