package dev.telltale.nginx;

import java.util.List;

/**
 * One directive of an nginx config: {@code name arg...;} or {@code name arg... { block }}.
 * Arguments are kept as nginx reads them: quotes removed, the escapes {@code \"}, {@code \'},
 * {@code \\}, {@code \t}, {@code \r}, {@code \n} resolved, every other backslash kept, and
 * variables ({@code $host}, {@code ${host}}) verbatim.
 *
 * @param name  the directive name
 * @param args  the arguments after the name
 * @param block the directives inside {@code { }}, or {@code null} for a simple directive
 * @param file  the file it was read from, as the user named it (or as an include resolved it)
 * @param line  1-based line of the directive's name
 */
public record Directive(String name, List<String> args, List<Directive> block, String file, int line) {
    public Directive {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public boolean isBlock() {
        return block != null;
    }

    /** The argument at {@code i}; callers check the count first. */
    public String arg(int i) {
        return args.get(i);
    }

    /** {@code FILE:LINE}, as nginx names a place. */
    public String where() {
        return file + ":" + line;
    }
}
