package dev.telltale.nginx;

import java.util.Locale;

/**
 * What the conversion did not carry over exactly, at the directive's place.
 *
 * @param file     the file of the directive
 * @param line     its 1-based line (0 for the config as a whole)
 * @param severity how far Telltale's behaviour departs from nginx's
 * @param message  the directive and what Telltale does instead
 */
public record Note(String file, int line, Severity severity, String message) {

    public enum Severity {
        /** Ignored: Telltale does nothing for it (only with {@code --lenient} for unsupported directives). */
        DROPPED,
        /** Carried over with a difference the message states. */
        APPROXIMATED,
        /** Accepted; it has no effect on Telltale (process tuning, static-file MIME types, ...). */
        NO_EFFECT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Note of(Directive d, Severity severity, String message) {
        return new Note(d.file(), d.line(), severity, message);
    }

    /** {@code approximated: message in FILE:LINE}. */
    @Override
    public String toString() {
        return severity.wireName() + ": " + message + (line > 0 ? " in " + file + ":" + line : "");
    }
}
