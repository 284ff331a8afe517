package dev.telltale.nginx;

import dev.telltale.nginx.NginxTokenizer.Kind;
import dev.telltale.nginx.NginxTokenizer.Token;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * nginx's grammar: a file is a list of directives, each a name and arguments ended by
 * {@code ;} or followed by a block in braces. {@code include FILE;} is replaced by the
 * directives of the files it names at parse time, wherever it appears; a relative path is read
 * relative to the main file's directory (nginx's conf prefix, even from a nested include), and
 * glob patterns ({@code conf.d/*.conf}) take every match in name order (none is fine, as in
 * nginx) while a plain name must exist. The first syntax error stops the parse, as in nginx,
 * and reads like nginx's:
 * {@code unexpected "}" in nginx.conf:12}.
 */
public final class NginxParser {
    /** Includes nested deeper than this are refused: a real config nests two or three. */
    static final int MAX_INCLUDE_DEPTH = 16;
    /** A proxy config is a few kilobytes; this bounds what an include glob can pull in. */
    static final long MAX_CHARS = 4L << 20;

    private final Deque<Path> including = new ArrayDeque<>();
    private final List<Path> read = new ArrayList<>();
    private long charsRead;

    /**
     * A config and the files it was read from.
     *
     * @param directives the main file's directives, includes replaced by what they include
     * @param files      the main file, then every included file, in the order they were read
     */
    public record Parsed(List<Directive> directives, List<Path> files) {
        public Parsed {
            directives = List.copyOf(directives);
            files = List.copyOf(files);
        }
    }

    private NginxParser() {
    }

    /**
     * Parses {@code file} and everything it includes.
     *
     * @throws NginxConfigException for an unreadable file or the first syntax error
     */
    public static List<Directive> parse(Path file) throws NginxConfigException {
        return read(file).directives();
    }

    /** {@link #parse(Path)}, also naming every file read (for {@code -T}). */
    public static Parsed read(Path file) throws NginxConfigException {
        NginxParser p = new NginxParser();
        List<Directive> directives = p.parseFile(file, null);
        return new Parsed(directives, p.read);
    }

    /**
     * Parses config text; includes are resolved relative to {@code baseDir}.
     *
     * @param displayName how errors name this text
     */
    public static List<Directive> parse(String text, String displayName, Path baseDir) throws NginxConfigException {
        NginxParser p = new NginxParser();
        p.confDir = baseDir;
        return p.parseText(text, displayName, baseDir);
    }

    /**
     * The main file's directory: nginx resolves every relative {@code include}, however deeply
     * nested, against it (its conf prefix), not against the including file.
     */
    private Path confDir;

    private List<Directive> parseFile(Path file, Directive include) throws NginxConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw openFailed(include, name, "2: No such file or directory");
        } catch (AccessDeniedException e) {
            throw openFailed(include, name, "13: Permission denied");
        } catch (CharacterCodingException e) {
            throw openFailed(include, name, "not UTF-8 text");
        } catch (IOException e) {
            throw openFailed(include, name, Files.isDirectory(file) ? "21: Is a directory" : String.valueOf(e.getMessage()));
        }
        charsRead += text.length();
        if (charsRead > MAX_CHARS) {
            throw openFailed(include, name, "too large: more than " + (MAX_CHARS >> 20) + "m characters in all");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        if (including.contains(real)) {
            throw new NginxConfigException(NginxError.at(include, "include cycle: \"" + name + "\" is already being read"));
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            throw new NginxConfigException(NginxError.at(include,
                    "includes nested too deep (expected: at most " + MAX_INCLUDE_DEPTH + " levels)"));
        }
        including.push(real);
        read.add(file);
        try {
            if (confDir == null) {
                Path parent = file.getParent();
                confDir = parent == null ? Path.of("") : parent;
            }
            return parseText(text, name, confDir);
        } finally {
            including.pop();
        }
    }

    private static NginxConfigException openFailed(Directive include, String name, String why) {
        String message = "open() \"" + name + "\" failed (" + why + ")";
        return new NginxConfigException(include == null ? new NginxError(name, 0, message)
                : NginxError.at(include, message));
    }

    private List<Directive> parseText(String text, String name, Path baseDir) throws NginxConfigException {
        List<Token> tokens = NginxTokenizer.tokenize(text, name);
        Cursor c = new Cursor(tokens, name, baseDir);
        return block(c, false);
    }

    /** Tokens of one file and where we are in them. */
    private static final class Cursor {
        final List<Token> tokens;
        final String file;
        final Path baseDir;
        int i;

        Cursor(List<Token> tokens, String file, Path baseDir) {
            this.tokens = tokens;
            this.file = file;
            this.baseDir = baseDir;
        }

        Token next() {
            return tokens.get(i++);
        }

        NginxConfigException error(Token at, String message) {
            return new NginxConfigException(new NginxError(file, at.line(), message));
        }
    }

    private List<Directive> block(Cursor c, boolean inBlock) throws NginxConfigException {
        List<Directive> out = new ArrayList<>();
        while (true) {
            Token t = c.next();
            switch (t.kind()) {
                case EOF -> {
                    if (inBlock) {
                        throw c.error(t, "unexpected end of file, expecting \"}\"");
                    }
                    return out;
                }
                case CLOSE -> {
                    if (!inBlock) {
                        throw c.error(t, "unexpected \"}\"");
                    }
                    return out;
                }
                case SEMICOLON -> throw c.error(t, "unexpected \";\"");
                case OPEN -> throw c.error(t, "unexpected \"{\"");
                case WORD -> directive(c, t, out);
                default -> throw new IllegalStateException(t.kind().name());
            }
        }
    }

    private void directive(Cursor c, Token name, List<Directive> out) throws NginxConfigException {
        List<String> args = new ArrayList<>();
        while (true) {
            Token t = c.next();
            switch (t.kind()) {
                case WORD -> args.add(t.text());
                case SEMICOLON -> {
                    Directive d = new Directive(name.text(), args, null, c.file, name.line());
                    if (d.name().equals("include")) {
                        out.addAll(include(c, d));
                    } else {
                        out.add(d);
                    }
                    return;
                }
                case OPEN -> {
                    if (name.text().equals("include")) {
                        throw c.error(t, "directive \"include\" is not terminated by \";\"");
                    }
                    List<Directive> inner = block(c, true);
                    out.add(new Directive(name.text(), args, inner, c.file, name.line()));
                    return;
                }
                case CLOSE -> throw c.error(t, "unexpected \"}\"");
                case EOF -> throw c.error(t, "unexpected end of file, expecting \";\" or \"}\"");
                default -> throw new IllegalStateException(t.kind().name());
            }
        }
    }

    private List<Directive> include(Cursor c, Directive d) throws NginxConfigException {
        if (d.args().size() != 1) {
            throw new NginxConfigException(NginxError.at(d, "invalid number of arguments in \"include\" directive"));
        }
        String pattern = d.arg(0);
        Path target = c.baseDir.resolve(pattern).normalize();
        List<Directive> out = new ArrayList<>();
        if (!isGlob(pattern)) {
            out.addAll(parseFile(target, d));
            return out;
        }
        for (Path match : glob(target)) {
            out.addAll(parseFile(match, d));
        }
        return out;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /**
     * The regular files matching {@code pattern}, sorted by name; like glob(3), wildcards do not
     * match a leading dot and do not cross {@code /}.
     */
    static List<Path> glob(Path pattern) throws NginxConfigException {
        // Walk from the deepest directory without wildcards, as deep as the pattern has segments.
        Path root = pattern.isAbsolute() ? pattern.getRoot() : Path.of("");
        int firstGlob = 0;
        for (; firstGlob < pattern.getNameCount(); firstGlob++) {
            if (isGlob(pattern.getName(firstGlob).toString())) {
                break;
            }
            root = root.resolve(pattern.getName(firstGlob));
        }
        int depth = pattern.getNameCount() - firstGlob;
        int globAt = firstGlob;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeOutsideGlob(pattern, firstGlob));
        Path start = root.toString().isEmpty() ? Path.of(".") : root;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start, depth)) {
            return walk.map(p -> start.equals(Path.of(".")) ? start.relativize(p) : p)
                    .filter(p -> p.getNameCount() == pattern.getNameCount() && matcher.matches(p))
                    .filter(p -> noHiddenMatches(p, pattern, globAt))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The literal directory part escaped so its characters are not read as glob syntax. */
    private static String escapeOutsideGlob(Path pattern, int firstGlob) {
        StringBuilder sb = new StringBuilder();
        if (pattern.isAbsolute()) {
            sb.append(pattern.getRoot().toString().replace("\\", "\\\\"));
        }
        for (int i = 0; i < pattern.getNameCount(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            String seg = pattern.getName(i).toString();
            sb.append(i < firstGlob ? seg.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1") : seg.replace("{", "\\{").replace("}", "\\}"));
        }
        return sb.toString();
    }

    private static boolean noHiddenMatches(Path p, Path pattern, int firstGlob) {
        for (int i = firstGlob; i < pattern.getNameCount(); i++) {
            if (p.getName(i).toString().startsWith(".") && !pattern.getName(i).toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
