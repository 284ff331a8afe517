package dev.telltale.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@code telltale.yaml} into a {@link Config}. The YAML is only composed into a node tree
 * (no object construction, so no type tags can instantiate anything); every key and value keeps
 * its line and column, so each error reads {@code FILE:LINE:COL: message} and
 * {@link Config#origins()} can say where a value was set. Every error in the file is reported,
 * not just the first.
 *
 * <pre>{@code
 * try {
 *     Config config = ConfigLoader.load(Path.of("conf/telltale.yaml"));
 * } catch (ConfigException e) {
 *     System.err.println(ConfigLoader.describeErrors(e));   // one FILE:LINE:COL: message per line
 * }
 * }</pre>
 */
public final class ConfigLoader {
    /** Larger files are refused: a proxy config is a few kilobytes. */
    static final int MAX_CHARS = 1 << 20;
    /** Anchors are handy for shared timeouts; many aliases only serve "billion laughs". */
    static final int MAX_ALIASES = 32;
    static final int MAX_NESTING = 32;

    private ConfigLoader() {
    }

    /**
     * Loads and validates a config file.
     *
     * @param file the file; errors and {@link ConfigOrigins#file()} name it as {@code file.toString()}
     * @throws ConfigException with every error found, including an unreadable, empty or oversized file
     */
    public static Config load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw fileError(name, "cannot read: Is a directory");
            }
            if (Files.exists(file) && Files.size(file) > MAX_CHARS * 4L) {
                throw fileError(name, tooLarge());
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileError(name, "cannot read: No such file");
        } catch (AccessDeniedException e) {
            throw fileError(name, "cannot read: Permission denied");
        } catch (CharacterCodingException e) {
            throw fileError(name, "cannot read: not UTF-8 text");
        } catch (IOException e) {
            throw fileError(name, "cannot read: " + e.getMessage());
        }
        return parse(text, name);
    }

    /**
     * Parses and validates config text.
     *
     * @param yaml        the YAML text
     * @param displayName how errors and {@link ConfigOrigins#file()} name the source
     * @throws ConfigException with every error found
     */
    public static Config parse(String yaml, String displayName) throws ConfigException {
        if (yaml.length() > MAX_CHARS) {
            throw fileError(displayName, tooLarge());
        }
        Errors errors = new Errors(displayName);
        Node root = compose(yaml, errors);
        if (errors.any()) {
            throw errors.exception();
        }
        if (root == null) {
            throw fileError(displayName,
                    "empty config (expected: YAML with sections such as server, upstreams and routes)");
        }
        NodeWalker walker = new NodeWalker(errors);
        walker.walkRoot(root);
        Config config = root instanceof MappingNode ? new ConfigAssembler(walker, errors).assemble(displayName) : null;
        if (config == null || errors.any()) {
            throw errors.exception();
        }
        return config;
    }

    /** The errors one per line, as {@code telltale -t} prints them: {@code FILE:LINE:COL: message}. */
    public static String describeErrors(ConfigException e) {
        return e.describe();
    }

    /** The YAML node tree, or {@code null} for an empty document; syntax errors go to {@code errors}. */
    private static Node compose(String yaml, Errors errors) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // the composer does not check; NodeWalker reports each one
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CHARS);
        options.setProcessComments(false);
        try {
            return new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            errors.at(e.getProblemMark(), syntaxMessage(e));
        } catch (YAMLException e) {
            errors.ofFile("invalid YAML: " + clean(e.getMessage()));
        }
        return null;
    }

    /** SnakeYAML's problem and context, without its class names and its source excerpt. */
    private static String syntaxMessage(MarkedYAMLException e) {
        if (String.valueOf(e.getProblem()).contains("(TAB)")) {
            return "invalid YAML: a tab character (indent with spaces, not tabs)";
        }
        StringBuilder sb = new StringBuilder("invalid YAML: ").append(clean(e.getProblem()));
        if (e.getContext() != null) {
            sb.append(" (").append(clean(e.getContext()));
            if (e.getContextMark() != null && e.getProblemMark() != null
                    && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
                sb.append(" started at line ").append(e.getContextMark().getLine() + 1);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String tooLarge() {
        return "too large (expected: at most " + Sizes.format(MAX_CHARS) + " characters)";
    }

    private static ConfigException fileError(String file, String message) {
        return new ConfigException(java.util.List.of(ConfigError.ofFile(file, message)));
    }
}
