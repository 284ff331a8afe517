package dev.telltale.nginx.diff;

import dev.telltale.nginx.diff.RecordingUpstream.Seen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what nginx and Telltale did with one request, field by field, after
 * {@link KnownDifferences}; the result reads as a failure message naming the config, the request,
 * each differing field and both values.
 */
final class Comparison {
    private final String config;
    private final DiffRequest request;
    private final Observed nginx;
    private final Observed telltale;
    private final boolean ownPage;
    private final List<String> problems = new ArrayList<>();
    private final Set<KnownDifferences.Known> used = new LinkedHashSet<>();

    private Comparison(String config, DiffRequest request, Observed nginx, Observed telltale) {
        this.config = config;
        this.request = request;
        this.nginx = nginx;
        this.telltale = telltale;
        this.ownPage = KnownDifferences.nginxOwnPage(request, nginx);
    }

    /** The outcome: unexplained differences and broken promises (one line each), and the known differences met. */
    record Result(List<String> problems, Set<KnownDifferences.Known> known) {
    }

    static Result compare(String config, DiffRequest request, Observed nginx, Observed telltale) {
        Comparison c = new Comparison(config, request, nginx, telltale);
        c.corpus();
        c.client();
        c.upstream();
        c.telltalePromises();
        return new Result(c.problems, c.used);
    }

    /** The failure message for {@link Result#problems}. */
    static String message(String config, DiffRequest request, List<String> problems, List<String> notes) {
        return config + ": " + request.describe() + "\n  " + String.join("\n  ", problems)
                + (notes.isEmpty() ? "" : "\n  converter notes:\n    " + String.join("\n    ", notes));
    }

    private void corpus() {
        if (request.expect() != 0 && nginx.status() != request.expect()) {
            problems.add("corpus: nginx answered " + nginx.status() + ", the requests file expects " + request.expect()
                    + " (fix the config or the @expect; nginx body: " + nginx.bodyText() + ")");
        }
    }

    private void client() {
        field("status", String.valueOf(nginx.status()), String.valueOf(telltale.status()));
        Set<String> names = new TreeSet<>(nginx.headers().keySet());
        names.addAll(telltale.headers().keySet());
        for (String n : names) {
            if (KnownDifferences.IGNORED_RESPONSE_HEADERS.containsKey(n)
                    || KnownDifferences.TELLTALE_ADDS_RESPONSE.contains(n) && nginx.header(n) == null) {
                continue;
            }
            field("header." + n, nginx.header(n), telltale.header(n));
        }
        if (!Arrays.equals(nginx.body(), telltale.body())) {
            field("body", nginx.bodyText(), telltale.bodyText() + (telltale.bodyText().equals(nginx.bodyText())
                    ? " (same text, bytes differ: " + nginx.body().length + " vs " + telltale.body().length + ")" : ""));
        }
    }

    private void upstream() {
        List<Seen> n = nginx.upstream();
        List<Seen> t = telltale.upstream();
        field("upstream.count", String.valueOf(n.size()), String.valueOf(t.size()));
        for (int i = 0; i < Math.min(n.size(), t.size()); i++) {
            Seen a = n.get(i);
            Seen b = t.get(i);
            String at = "upstream[" + i + "].";
            field(at + "server", a.upstream(), b.upstream());
            field(at + "method", a.method(), b.method());
            field(at + "target", a.target(), b.target());
            field(at + "body", a.body(), b.body());
            Set<String> names = new TreeSet<>(a.headers().keySet());
            names.addAll(b.headers().keySet());
            for (String h : names) {
                if (KnownDifferences.IGNORED_UPSTREAM_HEADERS.containsKey(h)
                        || KnownDifferences.TELLTALE_ADDS_UPSTREAM.contains(h)
                        && Objects.equals(a.headers().get(h), request.header(h))) {
                    continue;
                }
                field(at + "header." + h, a.headers().get(h), b.headers().get(h));
            }
        }
    }

    /** What Telltale does on top of nginx, checked so the allowance above cannot hide its absence. */
    private void telltalePromises() {
        if (telltale.status() != 0 && isBlank(telltale.header("x-request-id"))) {
            problems.add("telltale: no X-Request-Id on the response (DESIGN §3: echoed on every answer)");
        }
        for (int i = 0; i < telltale.upstream().size(); i++) {
            Map<String, String> h = telltale.upstream().get(i).headers();
            if (isBlank(h.get("x-request-id")) || isBlank(h.get("x-forwarded-for")) || isBlank(h.get("x-real-ip"))) {
                problems.add("telltale: upstream[" + i + "] lacks X-Request-Id, X-Forwarded-For or X-Real-IP: " + h);
            }
        }
    }

    private void field(String name, String nginxValue, String telltaleValue) {
        if (Objects.equals(nginxValue, telltaleValue) || ownPage && KnownDifferences.OWN_PAGE_FIELDS.contains(name)) {
            return;
        }
        var known = KnownDifferences.known(config, request, name);
        if (known.isPresent()) {
            used.add(known.get());
            return;
        }
        problems.add(name + ": nginx=" + show(nginxValue) + " telltale=" + show(telltaleValue));
    }

    private static String show(String v) {
        return v == null ? "(absent)" : "\"" + v + "\"";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
