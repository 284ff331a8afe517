package dev.telltale.config;

import dev.telltale.config.Schema.Either;
import dev.telltale.config.Schema.Leaf;
import dev.telltale.config.Schema.ListOf;
import dev.telltale.config.Schema.MapOf;
import dev.telltale.config.Schema.Section;
import dev.telltale.config.Schema.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed YAML node tree against the {@link Schema} and parses its scalars. Values
 * are filed by dotted path ({@code upstreams.app.timeouts.read}, {@code routes.0.upstream});
 * every problem goes to {@link Errors} and the walk goes on, so one run reports them all.
 * A key whose value is YAML null ({@code key:} or {@code key: ~}) counts as absent.
 */
final class NodeWalker {
    private static final int MAX_SHOWN = 60;

    private final Errors errors;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Node> positions = new HashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final Map<String, List<String>> names = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Set<String> failed = new HashSet<>();

    NodeWalker(Errors errors) {
        this.errors = errors;
    }

    /** Walks the document root, which must be a mapping of sections. */
    void walkRoot(Node root) {
        walk("", root, Schema.ROOT);
    }

    // ---- results, read by ConfigAssembler ----

    /** The parsed value at {@code path}, or {@code fallback} when absent or reported invalid. */
    @SuppressWarnings("unchecked")
    <T> T get(String path, T fallback) {
        Object v = values.get(path);
        return v == null || failed.contains(path) ? fallback : (T) v;
    }

    /** Records that the value at {@code path} was reported, so {@link #get} falls back from now on. */
    void markFailed(String path) {
        failed.add(path);
    }

    /** Whether {@code path} is set in the file to something other than null. */
    boolean present(String path) {
        return nodes.containsKey(path);
    }

    /** The value node at {@code path}, for error positions; {@code null} when absent. */
    Node node(String path) {
        return nodes.get(path);
    }

    /**
     * Where to point an error about {@code path}: its value (even a null one), else the nearest
     * enclosing value written in the file; {@code null} (the whole file) when there is none.
     */
    Node at(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            Node n = positions.get(p);
            if (n != null) {
                return n;
            }
            if (p.lastIndexOf('.') < 0) {
                return positions.get("");
            }
        }
    }

    /** Whether the value at {@code path} was reported as an error. */
    boolean failed(String path) {
        return failed.contains(path);
    }

    /** Whether {@code path}, or a value inside it, was already reported as an error. */
    boolean failedAtOrUnder(String path) {
        for (String f : failed) {
            if (f.equals(path) || f.startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The names of a {@link MapOf} in file order. */
    List<String> names(String path) {
        return names.getOrDefault(path, List.of());
    }

    /** The number of items of a {@link ListOf}. */
    int size(String path) {
        return sizes.getOrDefault(path, 0);
    }

    /** Dotted key path to the 1-based line of its key (list items: of the item). */
    Map<String, Integer> lines() {
        return lines;
    }

    // ---- the walk ----

    private void walk(String path, Node node, Shape shape) {
        positions.put(path, node);
        if (isNull(node)) {
            return;
        }
        nodes.put(path, node);
        if (shape instanceof Leaf leaf) {
            leaf(path, node, leaf);
        } else if (shape instanceof Section section) {
            section(path, node, section);
        } else if (shape instanceof MapOf map) {
            mapOf(path, node, map);
        } else if (shape instanceof ListOf list) {
            listOf(path, node, list);
        } else if (shape instanceof Either either) {
            if (node instanceof MappingNode) {
                section(path, node, either.mapping());
            } else {
                leaf(path, node, either.scalar());
            }
        }
    }

    private void leaf(String path, Node node, Leaf leaf) {
        if (!(node instanceof ScalarNode scalar)) {
            fail(path, node, "expected " + leaf.expected() + ", got " + describe(node));
            return;
        }
        try {
            values.put(path, leaf.parser().apply(scalar.getValue()));
        } catch (IllegalArgumentException e) {
            fail(path, node, e.getMessage());
        }
    }

    private void section(String path, Node node, Section section) {
        if (!(node instanceof MappingNode mapping)) {
            fail(path, node, "expected a mapping (" + String.join(", ", section.keys().keySet())
                    + "), got " + describe(node));
            return;
        }
        for (NodeTuple t : entries(path, mapping)) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            Shape child = section.keys().get(key);
            if (child == null) {
                errors.at(t.getKeyNode(), "unknown key '" + key + "'" + where(path)
                        + Suggestions.didYouMean(key, section.keys().keySet()));
                continue;
            }
            String childPath = join(path, key);
            lines.put(childPath, line(t.getKeyNode()));
            walk(childPath, t.getValueNode(), child);
        }
    }

    private void mapOf(String path, Node node, MapOf map) {
        if (!(node instanceof MappingNode mapping)) {
            fail(path, node, "expected a mapping of names, got " + describe(node));
            return;
        }
        List<String> found = new ArrayList<>();
        for (NodeTuple t : entries(path, mapping)) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            if (!map.validName().test(name)) {
                errors.at(t.getKeyNode(), join(path, name) + ": invalid name (expected: " + map.nameRule() + ")");
                continue;
            }
            String childPath = join(path, name);
            lines.put(childPath, line(t.getKeyNode()));
            found.add(name);
            walk(childPath, t.getValueNode(), map.value());
        }
        names.put(path, List.copyOf(found));
    }

    private void listOf(String path, Node node, ListOf list) {
        List<Node> items;
        if (node instanceof SequenceNode seq) {
            items = seq.getValue();
        } else if (list.single() && node instanceof ScalarNode) {
            items = List.of(node);
        } else {
            fail(path, node, "expected a list, got " + describe(node));
            return;
        }
        sizes.put(path, items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = join(path, Integer.toString(i));
            Node item = items.get(i);
            if (isNull(item)) {
                fail(itemPath, item, "expected a list item, got nothing");
                continue;
            }
            lines.put(itemPath, line(item));
            walk(itemPath, item, list.item());
        }
    }

    /** The mapping's entries with scalar keys, reporting complex and duplicate keys. */
    private List<NodeTuple> entries(String path, MappingNode mapping) {
        List<NodeTuple> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar) || isNull(keyNode)) {
                errors.at(keyNode, "expected a key name" + where(path) + ", got " + describe(keyNode));
                continue;
            }
            if (Tag.MERGE.equals(keyNode.getTag())) {
                errors.at(keyNode, "merge keys (<<) are not supported" + where(path));
                continue;
            }
            String key = keyScalar.getValue();
            Node first = seen.putIfAbsent(key, keyNode);
            if (first != null) {
                errors.at(keyNode, "duplicate key '" + key + "'" + where(path)
                        + " (first at line " + line(first) + ")");
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private void fail(String path, Node node, String message) {
        failed.add(path);
        errors.at(node, path.isEmpty() ? message : path + ": " + message);
    }

    private static String where(String path) {
        return path.isEmpty() ? " at the top level" : " in " + path;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** How a value reads in "got ..." messages: {@code 'many'}, {@code a list}, {@code a mapping}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        String text = ((ScalarNode) node).getValue();
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "...";
        }
        return "'" + text.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
