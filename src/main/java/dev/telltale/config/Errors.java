package dev.telltale.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the errors of one file so loading can go on and report all of them. */
final class Errors {
    private final String file;
    private final List<ConfigError> list = new ArrayList<>();

    Errors(String file) {
        this.file = file;
    }

    void at(Node node, String message) {
        at(node == null ? null : node.getStartMark(), message);
    }

    /** SnakeYAML marks are 0-based; config errors are 1-based like every editor. */
    void at(Mark mark, String message) {
        if (mark == null) {
            list.add(ConfigError.ofFile(file, message));
        } else {
            list.add(new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, message));
        }
    }

    void ofFile(String message) {
        list.add(ConfigError.ofFile(file, message));
    }

    boolean any() {
        return !list.isEmpty();
    }

    ConfigException exception() {
        return new ConfigException(List.copyOf(list));
    }
}
