package dev.telltale.nginx;

import dev.telltale.nginx.Directives.Context;
import dev.telltale.nginx.Note.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the converter's pieces report: one error list and one note list, with the directive
 * checks (name, context, block, arguments) and value parsers that report in nginx's words.
 */
final class Reports implements NginxConverter.Sink {
    final List<NginxError> errors = new ArrayList<>();
    final List<Note> notes = new ArrayList<>();
    private final boolean lenient;

    Reports(boolean lenient) {
        this.lenient = lenient;
    }

    @Override
    public void error(Directive d, String message) {
        errors.add(NginxError.at(d, message));
    }

    @Override
    public void note(Directive d, Severity severity, String message) {
        Note n = Note.of(d, severity, message);
        if (!notes.contains(n)) { // a directive inherited by many routes is noted once
            notes.add(n);
        }
    }

    @Override
    public void unsupported(Directive d, String message) {
        if (lenient) {
            note(d, Severity.DROPPED, message);
        } else {
            error(d, message);
        }
    }

    @Override
    public boolean check(Directive d, Context context) {
        var spec = Directives.spec(d.name());
        if (spec.isEmpty()) {
            unsupported(d, Directives.unsupported(d.name())
                    .map(why -> "unsupported directive \"" + d.name() + "\" (" + why + ")")
                    .orElse("unknown directive \"" + d.name() + "\""));
            return false;
        }
        var s = spec.get();
        if (!s.contexts().contains(context)) {
            notHere(d);
            return false;
        }
        boolean block = d.name().equals("server") ? context == Context.HTTP : s.block();
        if (block && !d.isBlock()) {
            error(d, "directive \"" + d.name() + "\" has no opening \"{\"");
            return false;
        }
        if (!block && d.isBlock()) {
            error(d, "directive \"" + d.name() + "\" is not terminated by \";\"");
            return false;
        }
        int n = d.args().size();
        boolean serverInUpstream = d.name().equals("server") && context == Context.UPSTREAM;
        int min = serverInUpstream ? 1 : s.minArgs();
        int max = d.name().equals("server") && !serverInUpstream ? 0 : s.maxArgs();
        if (n < min || n > max) {
            error(d, "invalid number of arguments in \"" + d.name() + "\" directive");
            return false;
        }
        if (s.kind() == Directives.Kind.NO_EFFECT) {
            note(d, Severity.NO_EFFECT, d.name() + ": " + Directives.noEffectWhy(d.name()));
            return false;
        }
        return true;
    }

    @Override
    public void notHere(Directive d) {
        error(d, "\"" + d.name() + "\" directive is not allowed here");
    }

    @Override
    public int integer(Directive d, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(d, "invalid value \"" + text + "\" in \"" + d.name() + "\" directive (expected: " + min + ".." + max
                + ")");
        return min;
    }

    @Override
    public Duration time(Directive d, String text, Duration fallback) {
        try {
            return NginxUnits.time(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(d, "\"" + d.name() + "\" directive invalid value \"" + text + "\"");
            return fallback;
        }
    }

    @Override
    public long size(Directive d, String text, long fallback) {
        try {
            return NginxUnits.size(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(d, "\"" + d.name() + "\" directive invalid value \"" + text + "\"");
            return fallback;
        }
    }
}
