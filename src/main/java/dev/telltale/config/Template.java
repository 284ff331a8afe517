package dev.telltale.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A config string that may name request variables, nginx style: {@code "https://$host$request_uri"}
 * or {@code "${host}:8443"}. Parsed once, when the config is loaded; {@link #expand} only
 * concatenates. A {@code $} not followed by a letter, {@code _} or <code>{</code> is kept as
 * written; a name that is not a {@link Variable} is an error naming the known ones.
 */
public final class Template {
    private final String source;
    /** Literal text before each variable, then the text after the last one: {@code vars.length + 1} entries. */
    private final String[] literals;
    private final Variable[] vars;
    /** For {@link Variable#HTTP}: the header name, lower case with {@code -}; else {@code null}. */
    private final String[] headers;

    private Template(String source, String[] literals, Variable[] vars, String[] headers) {
        this.source = source;
        this.literals = literals;
        this.vars = vars;
        this.headers = headers;
    }

    /**
     * Parses a value of config key {@code key}.
     *
     * @throws IllegalArgumentException {@code key: source (expected: ...)} naming the variable at fault
     */
    public static Template parse(String key, String source) {
        try {
            return parse(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + source + " (expected: " + e.getMessage() + ")");
        }
    }

    /** @throws IllegalArgumentException what is wrong and which variables exist */
    public static Template parse(String source) {
        List<String> literals = new ArrayList<>();
        List<Variable> vars = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            boolean braced = c == '$' && i + 1 < n && source.charAt(i + 1) == '{';
            if (c != '$' || i + 1 >= n || !(braced || nameChar(source.charAt(i + 1)))) {
                text.append(c);
                i++;
                continue;
            }
            int start = i + (braced ? 2 : 1);
            int end = start;
            while (end < n && nameChar(source.charAt(end))) {
                end++;
            }
            String name = source.substring(start, end);
            if (braced && (end >= n || source.charAt(end) != '}' || name.isEmpty())) {
                throw new IllegalArgumentException("a closing } for the variable at column " + (i + 1)
                        + ", such as ${host}");
            }
            Variable v = Variable.named(name);
            if (v == null) {
                String why = Character.isDigit(name.charAt(0)) ? "regex captures are not supported; " : "";
                throw new IllegalArgumentException(why + "a known variable, not $" + name + " at column " + (i + 1)
                        + ": one of " + String.join(", ", Variable.NAMES));
            }
            literals.add(text.toString());
            text.setLength(0);
            vars.add(v);
            headers.add(v == Variable.HTTP
                    ? name.substring(Variable.HTTP.varName().length()).toLowerCase(Locale.ROOT).replace('_', '-')
                    : null);
            i = end + (braced ? 1 : 0);
        }
        literals.add(text.toString());
        return new Template(source, literals.toArray(String[]::new), vars.toArray(Variable[]::new),
                headers.toArray(String[]::new));
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Whether it names no variable: {@link #expand} then returns {@link #source()} itself. */
    public boolean constant() {
        return vars.length == 0;
    }

    /** The variables it names, in order, for checks such as "does it use $uri". */
    public List<Variable> variables() {
        return List.of(vars);
    }

    public String expand(RequestVars values) {
        if (vars.length == 0) {
            return source;
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (int i = 0; i < vars.length; i++) {
            out.append(literals[i]);
            String v = vars[i] == Variable.HTTP ? values.header(headers[i]) : values.value(vars[i]);
            if (v != null) {
                out.append(v);
            }
        }
        return out.append(literals[vars.length]).toString();
    }

    /** The text as written in the config. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
