package dev.telltale.nginx;

import dev.telltale.config.Config;

import java.util.List;

/** An nginx config turned into Telltale's, with a note for everything not carried over exactly. */
public record NginxConversion(Config config, List<Note> notes) {
    public NginxConversion {
        notes = List.copyOf(notes);
    }

    /** The notes a user should read before trusting the conversion: dropped and approximated. */
    public List<Note> warnings() {
        return notes.stream().filter(n -> n.severity() != Note.Severity.NO_EFFECT).toList();
    }
}
