package dev.telltale.nginx.diff;

import dev.telltale.boot.Telltale;
import dev.telltale.nginx.Nginx;
import dev.telltale.nginx.NginxConfigException;
import dev.telltale.nginx.NginxConversion;
import dev.telltale.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Differential tests (issue #7): each config of {@code src/test/resources/nginx-diff/} runs in a
 * real nginx and in Telltale (converted in-process, as {@code -c nginx.conf} does), the same
 * requests go to both, and what reached the upstream and what the client got must agree, except
 * for what {@link KnownDifferences} lists with a reason. nginx and Telltale start once per config;
 * one test per request. Configs that need features not merged yet are listed with a reason in
 * {@code nginx-diff/pending.txt} and reported as skipped; {@code -Dnginx.diff.pending=run} runs
 * them anyway. Skipped as a whole when no nginx binary is installed.
 */
class NginxDifferentialTest {
    private static final String CORPUS = "nginx-diff";

    private static Optional<Path> nginx;
    private static Path root;
    private static RecordingUpstream upstream;
    private static RecordingUpstream upstream2;

    @BeforeAll
    static void startUpstreams() throws IOException {
        nginx = NginxProcess.binary();
        if (nginx.isPresent()) {
            root = DocRoot.create();
            upstream = new RecordingUpstream("one");
            upstream2 = new RecordingUpstream("two");
        }
    }

    @AfterAll
    static void stopUpstreams() throws IOException {
        if (upstream != null) {
            upstream.close();
            upstream2.close();
            deleteTree(root);
        }
    }

    @TestFactory
    Stream<DynamicNode> everyConfig_nginxAndTelltaleAgree() throws IOException, URISyntaxException {
        assumeTrue(nginx.isPresent(), "no nginx binary (apt-get install nginx): differential tests skipped");
        Path dir = Path.of(getClass().getResource("/" + CORPUS).toURI());
        Map<String, String> pending = pending(dir.resolve("pending.txt"));
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        List<String> names = confs.stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).as("pending.txt names only configs that exist").containsAll(pending.keySet());
        assertThat(confs).as("the corpus").hasSizeGreaterThanOrEqualTo(30);
        boolean runPending = "run".equals(System.getProperty("nginx.diff.pending"));
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path conf : confs) {
            DiffCase c = DiffCase.load(conf);
            String why = pending.get(c.name());
            String skip = why != null && !runPending ? why : null;
            Stream<DynamicNode> tests = Stream.of(c).flatMap(x -> run(x, skip));
            nodes.add(dynamicContainer(c.name(), tests));
        }
        return nodes.stream();
    }

    /** {@code NAME.conf: reason} lines; {@code #} comments. */
    private static Map<String, String> pending(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank() && !l.strip().startsWith("#")) {
                int c = l.indexOf(':');
                out.put(l.substring(0, c).strip(), l.substring(c + 1).strip());
            }
        }
        return out;
    }

    /**
     * Starts both proxies, sends every request to each, stops them; one test per request. A
     * pending config runs in nginx alone, so its {@code @expect}s are checked before the
     * feature it waits for is merged, and the comparison is reported as skipped.
     */
    private static Stream<DynamicNode> run(DiffCase c, String pendingReason) {
        List<DynamicNode> tests = new ArrayList<>();
        Set<KnownDifferences.Known> used = new HashSet<>();
        Path work = null;
        try {
            work = Files.createTempDirectory("nginx-diff-" + c.name());
            Running r = Running.start(c, work, pendingReason == null);
            try (r) {
                upstream.drain();
                upstream2.drain();
                if (pendingReason != null) {
                    List<String> corpus = new ArrayList<>();
                    for (DiffRequest req : c.requests()) {
                        Observed n = observe(r.nginxPorts, req);
                        if (req.expect() != 0 && n.status() != req.expect()) {
                            corpus.add(req.describe() + ": nginx answered " + n.status() + ", expected " + req.expect()
                                    + " (" + n.bodyText() + ")");
                        }
                    }
                    tests.add(dynamicTest("nginx answers as the requests file expects", () -> assertThat(corpus)
                            .as(c.name()).isEmpty()));
                    tests.add(dynamicTest("pending", () -> assumeTrue(false, c.name() + " is pending: "
                            + pendingReason)));
                    return tests.stream();
                }
                for (DiffRequest req : c.requests()) {
                    Observed n = observe(r.nginxPorts, req);
                    Observed t = observe(r.telltalePorts, req);
                    Comparison.Result result = Comparison.compare(c.name(), req, n, t);
                    used.addAll(result.known());
                    String message = Comparison.message(c.name(), req, result.problems(), r.notes);
                    tests.add(dynamicTest(req.describe(), () -> {
                        if (!result.problems().isEmpty()) {
                            fail(message);
                        }
                    }));
                }
                List<KnownDifferences.Known> stale = KnownDifferences.PER_CASE.stream()
                        .filter(k -> k.config().equals(c.name()) && !used.contains(k)).toList();
                tests.add(dynamicTest("known differences still differ", () -> assertThat(stale)
                        .as(c.name() + ": KnownDifferences entries that no request needed any more (delete them)")
                        .isEmpty()));
            }
        } catch (Exception | AssertionError e) {
            String message = c.name() + ": could not run: " + (work == null ? e.getMessage()
                    : e.getMessage().replace(work.resolve("telltale").resolve("nginx.conf").toString(), c.name()));
            tests.add(dynamicTest("start", () -> fail(message, e)));
        } finally {
            deleteTree(work);
        }
        return tests.stream();
    }

    private static Observed observe(Map<String, Integer> ports, DiffRequest req) {
        RawHttp.Response response = Observed.exchange(ports.get(req.listen() == 1 ? "LISTEN" : "LISTEN2"), req,
                upstreamPorts());
        List<RecordingUpstream.Seen> seen = new ArrayList<>(upstream.drain());
        seen.addAll(upstream2.drain());
        return Observed.of(response, seen, ports);
    }

    private static Map<String, String> upstreamPorts() {
        return Map.of("UPSTREAM", String.valueOf(upstream.port()), "UPSTREAM2", String.valueOf(upstream2.port()));
    }

    /** nginx and Telltale running one config, each on its own ports. */
    private static final class Running implements AutoCloseable {
        final Map<String, Integer> nginxPorts;
        final Map<String, Integer> telltalePorts;
        final List<String> notes;
        private final NginxProcess nginxProcess;
        private final Telltale telltale;

        private Running(Map<String, Integer> nginxPorts, Map<String, Integer> telltalePorts, List<String> notes,
                        NginxProcess nginxProcess, Telltale telltale) {
            this.nginxPorts = nginxPorts;
            this.telltalePorts = telltalePorts;
            this.notes = notes;
            this.nginxProcess = nginxProcess;
            this.telltale = telltale;
        }

        /**
         * Tries fresh ports up to three times: a free port may be taken between picking and binding.
         *
         * @param withTelltale false to run nginx alone
         */
        static Running start(DiffCase c, Path work, boolean withTelltale) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce(c, work, withTelltale);
                } catch (BindException e) {
                    if (attempt == 3) {
                        throw new IOException(e.getMessage());
                    }
                }
            }
        }

        private static Running startOnce(DiffCase c, Path work, boolean withTelltale)
                throws IOException, BindException {
            Map<String, Integer> np = ports();
            Map<String, Integer> tp = ports();
            Path nDir = Files.createDirectories(work.resolve("nginx"));
            Files.createDirectories(nDir.resolve("logs"));
            Path nConf = write(c, nDir, np);
            Files.writeString(nConf, NginxProcess.withPrivatePaths(Files.readString(nConf), nDir));
            List<Integer> listening = np.entrySet().stream().filter(e -> e.getKey().startsWith("LISTEN") && c.uses(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            NginxProcess n;
            try {
                n = NginxProcess.start(nginx.orElseThrow(), nDir, nConf, listening);
            } catch (IOException e) {
                if (e.getMessage().contains("Address already in use")) {
                    throw new BindException(e.getMessage());
                }
                throw e;
            }
            if (!withTelltale) {
                return new Running(np, tp, List.of(), n, null);
            }
            try {
                Path tConf = write(c, Files.createDirectories(work.resolve("telltale")), tp);
                NginxConversion conversion;
                try {
                    conversion = Nginx.load(tConf, false);
                } catch (NginxConfigException e) {
                    throw new IOException("Telltale does not take the config: " + e.errors());
                }
                Telltale t;
                try {
                    t = Telltale.start(conversion.config());
                } catch (IllegalStateException e) {
                    throw new BindException(e.getMessage());
                }
                List<String> notes = conversion.warnings().stream().map(w -> "line " + w.line() + ": " + w.message())
                        .toList();
                return new Running(np, tp, notes, n, t);
            } catch (IOException | BindException | RuntimeException e) {
                n.close();
                throw e;
            }
        }

        private static Path write(DiffCase c, Path dir, Map<String, Integer> ports) throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            ports.forEach((k, v) -> values.put(k, String.valueOf(v)));
            values.putAll(upstreamPorts());
            values.put("ROOT", root.toString());
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, c.render(values));
            return conf;
        }

        private static Map<String, Integer> ports() throws IOException {
            Map<String, Integer> out = new LinkedHashMap<>();
            // DEAD: picked free and closed again, so nothing listens there (a refused connection)
            for (String name : new String[] {"LISTEN", "LISTEN2", "DEAD"}) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    out.put(name, s.getLocalPort());
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (telltale != null) {
                telltale.close();
            }
            nginxProcess.close();
        }
    }

    /** A port picked as free was taken before nginx or Telltale bound it. */
    private static final class BindException extends Exception {
        BindException(String message) {
            super(message, null, false, false);
        }
    }

    private static void deleteTree(Path p) {
        if (p == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
