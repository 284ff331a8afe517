package dev.telltale.nginx;

import dev.telltale.config.Config;
import dev.telltale.config.ConfigError;
import dev.telltale.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The nginx front end in two calls: is this file nginx syntax, and what Telltale config it means. */
public final class Nginx {
    /** A file whose first directive is one of these is read as nginx syntax. */
    static final Set<String> FIRST_WORDS = Set.of("http", "server", "events", "upstream", "user", "pid", "daemon",
            "worker_processes", "worker_rlimit_nofile", "error_log", "include", "load_module", "master_process");

    /** How errors in {@code -g} directives name their place, as nginx does. */
    public static final String COMMAND_LINE = "command line";

    private Nginx() {
    }

    /**
     * Reads, includes, checks and converts an nginx config.
     *
     * @param lenient unsupported directives become dropped notes instead of errors
     * @throws NginxConfigException with every error found
     */
    public static NginxConversion load(Path file, boolean lenient) throws NginxConfigException {
        return load(file, null, null, lenient);
    }

    /**
     * {@link #load(Path, boolean)} with nginx's {@code -p} and {@code -g}.
     *
     * @param prefix     relative {@code root}, {@code alias}, log and pid paths are resolved against it;
     *                   {@code null} for {@link NginxConverter#defaultPrefix}
     * @param directives main-context directives given on the command line ({@code -g "pid x.pid;"}),
     *                   read after the file's, or {@code null}
     */
    public static NginxConversion load(Path file, Path prefix, String directives, boolean lenient)
            throws NginxConfigException {
        List<Directive> ast = new ArrayList<>(NginxParser.parse(file));
        if (directives != null && !directives.isBlank()) {
            ast.addAll(NginxParser.parse(directives, COMMAND_LINE, prefix == null ? Path.of("") : prefix));
        }
        return NginxConverter.convert(ast, file.toString(), prefix == null ? NginxConverter.defaultPrefix(file)
                : prefix, lenient);
    }

    /**
     * {@link #load} for callers that speak {@link ConfigException} (reload): each error becomes
     * {@code FILE:LINE:1: message}; notes are dropped.
     */
    public static Config loadConfig(Path file, boolean lenient) throws ConfigException {
        return loadConfig(file, null, null, lenient);
    }

    /** {@link #loadConfig(Path, boolean)} with nginx's {@code -p} and {@code -g}, as {@link #load(Path, Path, String, boolean)}. */
    public static Config loadConfig(Path file, Path prefix, String directives, boolean lenient)
            throws ConfigException {
        try {
            return load(file, prefix, directives, lenient).config();
        } catch (NginxConfigException e) {
            throw new ConfigException(e.errors().stream().map(err -> err.line() <= 0
                    ? ConfigError.ofFile(err.file(), err.message())
                    : new ConfigError(err.file(), err.line(), 1, err.message())).toList());
        }
    }

    /**
     * Whether {@code file} looks like an nginx config: its name ends in {@code .conf}, or its
     * first token (comments skipped) is an nginx main-level directive not followed by a YAML
     * colon. An unreadable file is not nginx (the YAML loader then reports it).
     */
    public static boolean looksLikeNginx(Path file) {
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".conf")) {
            return true;
        }
        try {
            return looksLikeNginx(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean looksLikeNginx(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                break;
            }
        }
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String word = text.substring(start, i);
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        boolean yamlKey = i < text.length() && text.charAt(i) == ':';
        return !yamlKey && FIRST_WORDS.contains(word);
    }
}
