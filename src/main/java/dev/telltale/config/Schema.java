package dev.telltale.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The shape of {@code telltale.yaml}: every key the loader knows, what each holds and how its
 * text is parsed. This table is the single place keys are declared: {@link NodeWalker} checks
 * files against it (unknown keys, "did you mean", wrong types), {@link ConfigAssembler} reads
 * the parsed values by the same dotted paths, and {@link #knownKeys()} lists it for tests.
 * Defaults are not here: they live in the records ({@code Limits.DEFAULT}, ...).
 */
final class Schema {
    private Schema() {
    }

    /** One node of the YAML shape. */
    sealed interface Shape permits Leaf, Section, MapOf, ListOf, Either {
    }

    /**
     * A scalar. {@code parser} turns its text into a value or throws
     * {@link IllegalArgumentException} with {@code "text (expected: ...)"} or
     * {@code "expected ..., got '...'"}; {@code expected} names it in type errors.
     */
    record Leaf(String expected, Function<String, Object> parser) implements Shape {
    }

    /** A mapping with fixed keys, in documentation order. */
    record Section(Map<String, Shape> keys) implements Shape {
    }

    /** A mapping whose keys are names chosen by the user ({@code upstreams}, header names). */
    record MapOf(String nameRule, Predicate<String> validName, Shape value) implements Shape {
    }

    /** A list; with {@code single} a lone value stands for a one-item list. */
    record ListOf(Shape item, boolean single) implements Shape {
    }

    /** A scalar shorthand or a full mapping (a server: a URL, or {@code {url, weight, backup}}). */
    record Either(Leaf scalar, Section mapping) implements Shape {
    }

    record Key(String name, Shape shape) {
    }

    // ---- leaves ----

    static final Leaf TEXT = new Leaf("text", s -> s);
    static final Leaf BOOL = new Leaf("true or false", Schema::parseBool);
    static final Leaf INT = new Leaf("a whole number", s -> parseInt(s, "a whole number"));
    static final Leaf DURATION = new Leaf("a duration such as 250ms, 5s, 1m, 1h", Durations::parse);
    static final Leaf SIZE = new Leaf("a size such as 512, 16k, 10m, 1g", Sizes::parse);
    static final Leaf WORKERS = new Leaf("auto or a whole number",
            s -> s.equals("auto") ? Integer.valueOf(0) : parseInt(s, "auto or a whole number"));
    static final Leaf LISTEN = new Leaf("host:port", Schema::parseListen);
    /** {@code off} is {@code Optional.empty()}, since an absent value means "the default". */
    static final Leaf ADMIN_LISTEN = new Leaf("host:port or off",
            s -> s.equals("off") ? Optional.empty() : Optional.of(parseListen(s)));
    static final Leaf CIDR = new Leaf("an address block such as 10.0.0.0/8", Cidr::parse);
    static final Leaf SERVER_URL = new Leaf("a URL such as http://127.0.0.1:3000",
            s -> UpstreamServer.parse(s, 1, false));
    static final Leaf PATH = new Leaf("a path starting with /", s -> s);
    static final Leaf STATUS_RANGE = new Leaf("a status code such as 204, or a range such as 200-399",
            UpstreamConfig.StatusRange::parse);
    static final Leaf DETAIL = choice(Arrays.stream(DetailLevel.values()).map(DetailLevel::wireName).toList());
    static final Leaf BALANCE = choice(Arrays.stream(UpstreamConfig.Balance.values())
            .map(UpstreamConfig.Balance::wireName).toList());
    static final Leaf ACCESS_FORMAT = choice(List.of("json", "combined"));
    static final Leaf ERROR_FORMAT = choice(List.of("json", "nginx"));
    static final Leaf HEADER_NAME = new Leaf("a header name", Schema::parseHeaderName);
    static final Leaf HEADER_VALUE = new Leaf("a header value", Schema::parseHeaderValue);

    // ---- sections ----

    static final Section TIMEOUTS = section(
            new Key("connect", DURATION), new Key("send", DURATION), new Key("read", DURATION));

    static final Section SERVER = section(
            new Key("listen", new ListOf(LISTEN, true)),
            new Key("workers", WORKERS),
            new Key("shutdown_grace", DURATION),
            new Key("limits", section(
                    new Key("max_header_bytes", SIZE),
                    new Key("max_body_bytes", SIZE),
                    new Key("client_header_timeout", DURATION),
                    new Key("client_idle_timeout", DURATION),
                    new Key("max_connections", INT))),
            new Key("resolver", section(
                    new Key("servers", new ListOf(LISTEN, true)),
                    new Key("timeout", DURATION))));

    static final Section ADMIN = section(new Key("listen", ADMIN_LISTEN), new Key("token", TEXT));

    static final Section DIAGNOSTICS = section(
            new Key("detail", DETAIL),
            new Key("trusted", new ListOf(CIDR, true)),
            new Key("timeout_status", INT),
            new Key("reports", section(new Key("max_entries", INT), new Key("ttl", DURATION))));

    static final Section LOGS = section(
            new Key("access", section(new Key("target", TEXT), new Key("format", ACCESS_FORMAT))),
            new Key("error", section(new Key("target", TEXT), new Key("format", ERROR_FORMAT))));

    static final Section UPSTREAM = section(
            new Key("servers", new ListOf(new Either(SERVER_URL, section(
                    new Key("url", SERVER_URL), new Key("weight", INT), new Key("backup", BOOL),
                    new Key("max_conns", INT))), true)),
            new Key("balance", BALANCE),
            new Key("timeouts", TIMEOUTS),
            new Key("keepalive", section(new Key("max_idle", INT), new Key("idle_timeout", DURATION))),
            new Key("passive_health", section(new Key("max_fails", INT), new Key("fail_timeout", DURATION))),
            new Key("health_check", section(
                    new Key("path", PATH), new Key("interval", DURATION), new Key("timeout", DURATION),
                    new Key("expect_status", STATUS_RANGE), new Key("healthy_after", INT),
                    new Key("unhealthy_after", INT))),
            new Key("retry", section(new Key("tries", INT), new Key("budget", DURATION))),
            new Key("queue", section(new Key("size", INT), new Key("timeout", DURATION))));

    private static final Section HEADER_RULES = section(
            new Key("set", new MapOf("a header name", Schema::isToken, HEADER_VALUE)),
            new Key("remove", new ListOf(HEADER_NAME, true)));

    private static final Section RESPONSE_HEADER_RULES = section(
            new Key("set", new MapOf("a header name", Schema::isToken, HEADER_VALUE)),
            new Key("remove", new ListOf(HEADER_NAME, true)),
            new Key("add", new ListOf(section(new Key("name", HEADER_NAME), new Key("value", HEADER_VALUE),
                    new Key("always", BOOL)), false)),
            new Key("rewrite_location", new ListOf(section(new Key("from", TEXT), new Key("to", TEXT)), false)));

    static final Section ROUTE = section(
            new Key("name", TEXT),
            new Key("match", section(new Key("host", TEXT), new Key("listen", LISTEN),
                    new Key("path_prefix", PATH), new Key("skip_regex", BOOL), new Key("path", PATH),
                    new Key("path_regex", TEXT), new Key("ignore_case", BOOL))),
            new Key("upstream", TEXT),
            new Key("strip_prefix", PATH),
            new Key("add_prefix", PATH),
            new Key("preserve_host", BOOL),
            new Key("timeouts", TIMEOUTS),
            new Key("return", section(new Key("status", INT), new Key("location", TEXT), new Key("body", TEXT),
                    new Key("content_type", HEADER_VALUE))),
            new Key("static", section(new Key("root", TEXT), new Key("alias", TEXT),
                    new Key("index", new ListOf(TEXT, true)), new Key("try_files", new ListOf(TEXT, true)))),
            new Key("error_pages", new ListOf(section(new Key("status", new ListOf(INT, true)),
                    new Key("uri", TEXT), new Key("code", INT)), false)),
            new Key("headers", section(new Key("request", HEADER_RULES),
                    new Key("response", RESPONSE_HEADER_RULES))));

    private static final Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** The whole file. */
    static final Section ROOT = section(
            new Key("server", SERVER),
            new Key("admin", ADMIN),
            new Key("diagnostics", DIAGNOSTICS),
            new Key("logs", LOGS),
            new Key("upstreams", new MapOf("a name of letters, digits, _ and -",
                    n -> UPSTREAM_NAME.matcher(n).matches(), UPSTREAM)),
            new Key("routes", new ListOf(ROUTE, false)));

    /**
     * Every key path the loader accepts, dotted, with {@code *} standing for an upstream name
     * or a list index: {@code server.limits.max_body_bytes}, {@code upstreams.*.servers.*.url},
     * {@code routes.*.timeouts.read}. Sections are listed as well as the keys inside them.
     */
    static List<String> knownKeys() {
        List<String> out = new ArrayList<>();
        collect("", ROOT, out);
        return out;
    }

    private static void collect(String path, Shape shape, List<String> out) {
        if (shape instanceof Section s) {
            s.keys().forEach((name, child) -> {
                String p = path.isEmpty() ? name : path + "." + name;
                out.add(p);
                collect(p, child, out);
            });
        } else if (shape instanceof MapOf m && !(m.value() instanceof Leaf)) {
            collect(path + ".*", m.value(), out);
        } else if (shape instanceof ListOf l && !(l.item() instanceof Leaf)) {
            collect(path + ".*", l.item(), out);
        } else if (shape instanceof Either e) {
            collect(path, e.mapping(), out);
        }
    }

    private static Section section(Key... keys) {
        Map<String, Shape> map = new LinkedHashMap<>();
        for (Key k : keys) {
            map.put(k.name(), k.shape());
        }
        return new Section(java.util.Collections.unmodifiableMap(map));
    }

    /** A closed set of words; a near miss gets "did you mean". */
    private static Leaf choice(List<String> words) {
        String expected = Suggestions.oneOf(words);
        return new Leaf(expected, s -> {
            if (words.contains(s)) {
                return s;
            }
            String hint = Suggestions.closest(s, words).map(c -> "; did you mean '" + c + "'?").orElse("");
            throw new IllegalArgumentException(s + " (expected: " + expected + hint + ")");
        });
    }

    private static Object parseBool(String s) {
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("expected true or false, got '" + s + "'");
    }

    private static Integer parseInt(String s, String expected) {
        // YAML 1.1 allows 10_000; the digits are what counts.
        String digits = s.replace("_", "");
        if (!digits.matches("-?[0-9]{1,19}") || s.startsWith("_")) {
            throw new IllegalArgumentException("expected " + expected + ", got '" + s + "'");
        }
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(s + " (expected: a whole number up to " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    private static ListenAddress parseListen(String s) {
        ListenAddress a;
        try {
            a = ListenAddress.parse(s);
        } catch (IllegalArgumentException e) {
            // The record's own range message names "port:" without the text; keep the text first.
            if (e.getMessage().startsWith(s)) {
                throw e;
            }
            throw new IllegalArgumentException(s + " (expected: host:port with a port in 0..65535)");
        }
        return a;
    }

    private static boolean isToken(String s) {
        return s.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    }

    private static Object parseHeaderName(String s) {
        if (!isToken(s)) {
            throw new IllegalArgumentException(s + " (expected: a header name such as X-Debug)");
        }
        return s;
    }

    private static Object parseHeaderValue(String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("expected a header value on one line, got a line break");
        }
        return s;
    }
}
