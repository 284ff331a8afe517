package dev.telltale.nginx;

import dev.telltale.config.Config;

import java.nio.file.Path;
import java.util.List;

/**
 * An nginx config turned into Telltale's, with a note for everything not carried over exactly.
 *
 * @param pid the {@code pid} directive's file, resolved against the prefix, or {@code null} when
 *            the config has none
 */
public record NginxConversion(Config config, List<Note> notes, Path pid) {
    public NginxConversion {
        notes = List.copyOf(notes);
    }

    public NginxConversion(Config config, List<Note> notes) {
        this(config, notes, null);
    }

    /** The notes a user should read before trusting the conversion: dropped and approximated. */
    public List<Note> warnings() {
        return notes.stream().filter(n -> n.severity() != Note.Severity.NO_EFFECT).toList();
    }
}
