package dev.telltale.nginx;

import dev.telltale.nginx.Note.Severity;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * nginx's regular expressions (PCRE) as Java regexes, for {@code location ~} and
 * {@code server_name ~}. The syntax nginx configs use is the same in both; named captures
 * ({@code (?<name>...)}, {@code (?P<name>...)}, {@code (?'name'...)}) become plain groups, since
 * Telltale has no variables to put them in, and are noted.
 */
final class Regexes {
    private static final Pattern NAMED = Pattern.compile("\\(\\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')");

    private Regexes() {
    }

    /**
     * Where nginx looks into the locations nested in prefix location {@code prefix}: a lookahead
     * that holds at the start of a path that starts with {@code prefix} (case-sensitively, as
     * nginx compares prefixes, even for an enclosed {@code ~*}) and with none of {@code longer},
     * the prefixes of the same level that would be the longest match instead, after
     * {@code outer}, the guard of the level around ({@code ""} at the server level).
     */
    static String guard(String outer, String prefix, List<String> longer) {
        StringBuilder sb = new StringBuilder(outer).append("(?=").append(literal(prefix)).append(')');
        longer.forEach(l -> sb.append("(?!").append(literal(l)).append(')'));
        return sb.toString();
    }

    /**
     * Where nginx looks into the locations nested in a regex location: where {@code regex} (the
     * outer location's, guarded already if nested itself) is found, with its own case rule.
     */
    static String matching(String regex, boolean ignoreCase) {
        return "(?=" + (ignoreCase ? "(?i:" : "(?-i:") + "(?s:.*?)(?:" + regex + ")))";
    }

    /**
     * {@code regex} of a location nested where {@code guard} holds: still searched anywhere in
     * the path ({@code ^} in it still means the path's start, {@code $} its end), but only found
     * in a path under the outer locations. Adds no capturing group, so back-references keep
     * their numbers.
     */
    static String nested(String guard, String regex) {
        return "^" + guard + "(?s:.*?)(?:" + regex + ")";
    }

    private static String literal(String s) {
        return "(?-i:" + Pattern.quote(s) + ")";
    }

    /** The Java regex, or {@code null} after reporting why not. */
    static String convert(Directive d, String regex, NginxConverter.Sink sink) {
        String java = NAMED.matcher(regex).replaceAll("(");
        if (!java.equals(regex)) {
            sink.note(d, Severity.APPROXIMATED, d.name() + " " + regex + ": named captures become plain groups "
                    + "(Telltale has no variables for them)");
        }
        try {
            Pattern.compile(java);
            return java;
        } catch (PatternSyntaxException e) {
            sink.error(d, "pcre_compile() failed: " + e.getDescription() + " in \"" + regex + "\" at \""
                    + regex.substring(Math.min(Math.max(e.getIndex(), 0), regex.length())) + "\"");
            return null;
        }
    }
}
