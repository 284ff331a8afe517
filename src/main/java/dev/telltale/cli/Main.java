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
 * {@code java -jar telltale.jar [-t] [-c FILE] | demo | --version} (DESIGN §1). Exit codes: 0
 * success, 1 invalid configuration or failed start, 2 bad command line.
 */
@Command(name = "telltale", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A lightweight HTTP reverse proxy whose errors tell you why.",
        subcommands = {Main.Demo.class, NginxConvert.class})
public final class Main implements Callable<Integer> {
    static final String DEFAULT_CONFIG = "conf/telltale.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: " + DEFAULT_CONFIG + " when it exists, else built-in defaults).")
    Path config;

    @Option(names = "-t", description = "Test the configuration and exit.")
    boolean test;

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
        if (nginx != null || config != null && Nginx.looksLikeNginx(config)) {
            return NginxMode.run(nginx != null ? nginx : config, lenient, test, out, err);
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

        @Override
        public String[] getVersion() {
            return new String[] {"telltale " + VERSION};
        }
    }
}
