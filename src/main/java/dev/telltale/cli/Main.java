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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar telltale.jar [-t] [-c FILE] | demo | --version} (DESIGN §1), plus nginx's
 * flags for nginx configs ({@code -T -p -g -s -v -V}, see {@link NginxMode}). Exit codes: 0
 * success, 1 invalid configuration or failed start, 2 bad command line.
 */
public final class Main implements Callable<Integer> {
    static final String DEFAULT_CONFIG = "conf/telltale.yaml";

    private final OptionSpec config = Options.value(Path.class, "FILE", "Configuration file (default: "
            + DEFAULT_CONFIG + " when it exists, else built-in defaults).", "-c", "--config");
    private final OptionSpec test = Options.flag("Test the configuration and exit.", "-t");
    private final OptionSpec testDump = Options.flag(
            "nginx: test the configuration, then print every config file read.", "-T");
    private final OptionSpec prefix = Options.value(Path.class, "PREFIX", "nginx: the prefix for relative root, "
            + "alias, log and pid paths and for a relative -c (default: the config's directory, or its parent when "
            + "that is named conf).", "-p");
    private final OptionSpec directives = Options.value(String.class, "DIRECTIVES", "nginx: main-context "
            + "directives, such as \"pid /tmp/t.pid; daemon off;\".", "-g");
    private final OptionSpec signal = Options.value(String.class, "SIGNAL", "nginx: signal the running Telltale "
            + "(pid file): reload, reopen, stop or quit.", "-s");
    private final OptionSpec nginxVersion = Options.flag("nginx: print the version (nginx-style, on stderr).", "-v");
    private final OptionSpec nginxFeatures = Options.flag(
            "nginx: print the version and the nginx features Telltale supports.", "-V");
    private final OptionSpec nginx = Options.value(Path.class, "FILE",
            "Read FILE as an nginx config (also detected for -c: a .conf name or nginx directives).", "--nginx");
    private final OptionSpec lenient = Options.flag(
            "With an nginx config: warn about unsupported directives instead of refusing them.", "--lenient");

    /** The command line's model: this command, its flags and its subcommands (see {@link Options}). */
    private CommandSpec spec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("telltale").versionProvider(new Version());
        spec.usageMessage().description("A lightweight HTTP reverse proxy whose errors tell you why.");
        for (OptionSpec o : List.of(config, test, testDump, prefix, directives, signal, nginxVersion, nginxFeatures,
                nginx, lenient)) {
            spec.addOption(o);
        }
        spec.addOption(Options.usageHelp("-h", "--help"));
        spec.addOption(Options.versionHelp("--version")); // -V is nginx's
        spec.addSubcommand("demo", new CommandLine(new Demo().spec()));
        spec.addSubcommand("nginx-convert", new CommandLine(new NginxConvert().spec()));
        return spec;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests: nothing calls System.exit). */
    public static int execute(String... args) {
        Options.excludeUnusedConverters();
        CommandLine cli = new CommandLine(new Main().spec());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("telltale: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Path config = this.config.getValue();
        Path prefix = this.prefix.getValue();
        String directives = this.directives.getValue();
        String signal = this.signal.getValue();
        Path nginx = this.nginx.getValue();
        boolean test = Options.isSet(this.test);
        boolean testDump = Options.isSet(this.testDump);
        boolean nginxFeatures = Options.isSet(this.nginxFeatures);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (Options.isSet(nginxVersion) || nginxFeatures) {
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
            return NginxMode.run(new NginxMode.Options(nginxFile, prefix, directives, Options.isSet(lenient),
                    test || testDump, testDump, signal), out, err);
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

    /** {@code telltale demo [--listen HOST:PORT]}. */
    static final class Demo implements Callable<Integer> {
        private final OptionSpec listen = OptionSpec.builder("--listen").type(String.class).paramLabel("HOST:PORT")
                .defaultValue("127.0.0.1:8080").description("Where the demo proxy listens (default: ${DEFAULT-VALUE}).")
                .build();

        CommandSpec spec() {
            CommandSpec spec = Options.withStandardHelp(CommandSpec.wrapWithoutInspection(this).addOption(listen));
            spec.usageMessage().description(
                    "Start the proxy in front of built-in misbehaving upstreams, one route per failure cause.");
            return spec;
        }

        @Override
        public Integer call() throws Exception {
            try (DemoUpstreams upstreams = DemoUpstreams.start()) {
                Config cfg = DemoConfig.demoConfig(upstreams, ListenAddress.parse(listen.getValue()));
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
