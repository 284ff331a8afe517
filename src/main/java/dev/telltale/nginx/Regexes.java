package dev.telltale.nginx;

import dev.telltale.nginx.Note.Severity;

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
