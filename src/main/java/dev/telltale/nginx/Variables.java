package dev.telltale.nginx;

import dev.telltale.config.Variable;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx variables Telltale evaluates per request in header values, {@code return} and
 * {@code try_files}: exactly the {@link Variable}s its {@link dev.telltale.config.Template}s know,
 * {@code $http_NAME} included. Every other variable is refused with its name, so a converted
 * config never sends a literal {@code $foo} nor fails to load.
 */
final class Variables {
    /** {@code $name} or {@code ${name}}, as nginx reads a variable (names are letters, digits and _). */
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)}|([A-Za-z0-9_]+))");

    private Variables() {
    }

    /** Whether {@code value} names any variable. */
    static boolean any(String value) {
        return VARIABLE.matcher(value).find();
    }

    /** The first variable Telltale cannot evaluate, such as {@code $request_method}, or empty. */
    static Optional<String> unsupported(String value) {
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (Variable.named(name) == null) {
                return Optional.of("$" + name);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code value} with {@code ${name}} written as {@code $name} where the next character cannot
     * continue the name; Telltale's values use the plain form.
     */
    static String plain(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            boolean joined = m.end() < value.length() && isNameChar(value.charAt(m.end()));
            m.appendReplacement(sb, Matcher.quoteReplacement(name == null || joined ? m.group() : "$" + name));
        }
        return m.appendTail(sb).toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** The reason a value is refused: {@code variable $foo is not supported (expected: $host, ...)}. */
    static String why(String variable) {
        return "variable " + variable + " is not supported (expected: " + String.join(", ", Variable.NAMES) + ")";
    }
}
