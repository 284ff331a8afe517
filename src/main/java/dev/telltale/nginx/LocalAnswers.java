package dev.telltale.nginx;

import dev.telltale.config.ErrorPage;
import dev.telltale.config.HeaderAdd;
import dev.telltale.config.ReturnConfig;
import dev.telltale.config.StaticConfig;
import dev.telltale.nginx.Note.Severity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a location answers by itself, and what it adds to every answer: {@code return},
 * {@code root}/{@code alias}/{@code index}/{@code try_files}, {@code error_page} and
 * {@code add_header}, as Telltale's {@code return}, {@code static}, {@code error_pages} and
 * {@code headers.response.add}. Relative directories are resolved against the prefix
 * ({@code -p}), as nginx does, so the YAML names absolute paths.
 */
final class LocalAnswers {
    /** nginx's {@code root} when none is set: {@code html} under the prefix. */
    static final String DEFAULT_ROOT = "html";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final NginxConverter.Sink sink;
    private final Path prefix;

    LocalAnswers(NginxConverter.Sink sink, Path prefix) {
        this.sink = sink;
        this.prefix = prefix;
    }

    /** {@code return code [text|URL]} or {@code return URL}; {@code null} after reporting why not. */
    ReturnConfig returns(Directive d, Scope scope) {
        String first = d.arg(0);
        int status;
        String rest;
        if (first.chars().allMatch(Character::isDigit) && !first.isEmpty() && first.length() <= 3) {
            status = Integer.parseInt(first);
            rest = d.args().size() > 1 ? d.arg(1) : null;
        } else if (d.args().size() == 1 && (first.startsWith("http://") || first.startsWith("https://")
                || first.startsWith("$scheme"))) {
            status = 302;
            rest = first;
        } else {
            sink.error(d, "invalid return code \"" + first + "\"");
            return null;
        }
        if (status != 444 && (status < 100 || status > 599)) {
            sink.unsupported(d, "return " + status + ": Telltale answers with 100..599 or 444");
            return null;
        }
        if (rest != null && !supported(d, rest)) {
            return null;
        }
        rest = rest == null ? null : Variables.plain(rest);
        boolean redirect = REDIRECTS.contains(status);
        String type = !redirect && rest != null && scope.defaultType != null ? scope.defaultType.arg(0) : null;
        return new ReturnConfig(status, redirect ? rest : null, redirect ? null : rest, type);
    }

    /**
     * The files a location serves: its {@code alias}, else the inherited {@code root}, else
     * nginx's default {@code html} under the prefix (noted); {@code null} after reporting why not.
     */
    StaticConfig files(Directive location, Scope scope, Directive alias, Directive tryFiles, boolean regex,
                       UnaryOperator<String> named) {
        String root = null;
        String aliasDir = null;
        if (alias != null) {
            if (regex) {
                sink.unsupported(alias, "alias in a regex location is not supported (nginx fills it from the "
                        + "captures; use root)");
                return null;
            }
            aliasDir = dir(alias);
        } else if (scope.root != null) {
            root = dir(scope.root);
        } else {
            root = prefix.resolve(DEFAULT_ROOT).toString();
            sink.note(location, Severity.APPROXIMATED, "no proxy_pass, return or root: serving files from nginx's "
                    + "default root, " + root);
        }
        if (alias != null && aliasDir == null || alias == null && root == null) {
            return null;
        }
        List<String> index = new ArrayList<>();
        for (Directive d : scope.index) {
            for (String f : d.args()) {
                if (Variables.any(f)) {
                    sink.unsupported(d, "index " + f + ": variables in index are not supported");
                } else {
                    index.add(f);
                }
            }
        }
        List<String> tries = tryFiles == null ? null : tryFiles(tryFiles, named);
        if (tryFiles != null && tries == null) {
            return null;
        }
        return new StaticConfig(root, aliasDir, index.isEmpty() ? null : index, tries);
    }

    /** A {@code root} at the server level: what nginx serves for a path no location matches. */
    StaticConfig serverFiles(Scope scope) {
        return scope.root == null ? null : files(scope.root, scope, null, null, false, UnaryOperator.identity());
    }

    private List<String> tryFiles(Directive d, UnaryOperator<String> named) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.args().size(); i++) {
            String a = d.arg(i);
            boolean last = i == d.args().size() - 1;
            if (last && a.startsWith("@")) {
                String n = named.apply(a);
                if (n == null) {
                    sink.error(d, "could not find named location \"" + a + "\"");
                    return null;
                }
                out.add(n);
            } else if (last && a.startsWith("=")) {
                int code = sink.integer(d, a.substring(1), 100, 599);
                out.add("=" + code);
            } else if (!supported(d, a)) {
                return null;
            } else {
                out.add(Variables.plain(a));
            }
        }
        return out;
    }

    /** {@code error_page code... [=[code]] uri} in force at a level, as Telltale error pages. */
    List<ErrorPage> errorPages(Scope scope, boolean proxied, UnaryOperator<String> named) {
        List<ErrorPage> out = new ArrayList<>();
        for (Directive d : scope.errorPages) {
            ErrorPage p = errorPage(d, proxied, named);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private ErrorPage errorPage(Directive d, boolean proxied, UnaryOperator<String> named) {
        List<String> args = d.args();
        String uri = args.get(args.size() - 1);
        List<Integer> statuses = new ArrayList<>();
        Integer code = null;
        boolean own = false;
        for (String a : args.subList(0, args.size() - 1)) {
            if (a.startsWith("=")) {
                if (a.length() == 1) {
                    own = true;
                } else {
                    code = sink.integer(d, a.substring(1), 100, 599);
                }
            } else {
                try {
                    int s = Integer.parseInt(a);
                    if (s < 300 || s > 599) {
                        throw new NumberFormatException(a);
                    }
                    statuses.add(s);
                } catch (NumberFormatException e) {
                    sink.error(d, "value \"" + a + "\" must be between 300 and 599");
                    return null;
                }
            }
        }
        if (statuses.isEmpty()) {
            sink.error(d, "invalid number of arguments in \"error_page\" directive");
            return null;
        }
        if (uri.startsWith("@")) {
            uri = named.apply(uri);
            if (uri == null) {
                sink.error(d, "could not find named location \"" + args.get(args.size() - 1) + "\"");
                return null;
            }
        } else if (!uri.startsWith("/")) {
            sink.unsupported(d, "error_page " + uri + ": redirecting to a URL is not supported (expected: /path or "
                    + "@name)");
            return null;
        } else if (Variables.any(uri)) {
            sink.unsupported(d, "error_page " + uri + ": variables in the URI are not supported");
            return null;
        }
        if (own) {
            sink.note(d, Severity.APPROXIMATED, "error_page ... = " + uri + ": Telltale keeps the original status "
                    + "(nginx takes the status of " + uri + ")");
        }
        if (proxied && statuses.stream().anyMatch(s -> s == 502 || s == 503 || s == 504)) {
            sink.note(d, Severity.APPROXIMATED, "error_page " + String.join(" ", args) + ": upstream failures are "
                    + "answered with Telltale's diagnostic page, not this one");
        }
        return new ErrorPage(statuses, uri, code);
    }

    /** {@code add_header name value [always]} in force at a level. */
    List<HeaderAdd> addHeaders(Scope scope) {
        List<HeaderAdd> out = new ArrayList<>();
        for (Directive d : scope.addHeaders) {
            boolean always = d.args().size() == 3;
            if (always && !d.arg(2).equals("always")) {
                sink.error(d, "invalid parameter \"" + d.arg(2) + "\"");
            } else if (!ProxyHeaders.isToken(d.arg(0))) {
                sink.error(d, "invalid header in \"add_header\" directive");
            } else if (supported(d, d.arg(1))) {
                out.add(new HeaderAdd(d.arg(0), Variables.plain(d.arg(1)), always));
            }
        }
        return out;
    }

    /** False after reporting the first variable in {@code value} Telltale cannot evaluate. */
    boolean supported(Directive d, String value) {
        var bad = Variables.unsupported(value);
        bad.ifPresent(v -> sink.unsupported(d, d.name() + " " + String.join(" ", d.args()) + ": "
                + Variables.why(v)));
        return bad.isEmpty();
    }

    /** {@code root} or {@code alias}, resolved against the prefix; {@code null} for one with variables. */
    private String dir(Directive d) {
        String dir = d.arg(0);
        if (Variables.any(dir)) {
            sink.unsupported(d, d.name() + " " + dir + ": variables in paths are not supported");
            return null;
        }
        String resolved = prefix.resolve(dir).normalize().toString();
        // nginx's alias is joined as written: keep a trailing slash normalize() drops
        return dir.endsWith("/") && !resolved.endsWith("/") ? resolved + "/" : resolved;
    }
}
