package dev.telltale.config;

import java.util.List;

/**
 * A route that serves files, nginx's {@code root}/{@code alias}, {@code index} and
 * {@code try_files}. Exactly one of {@code root} (the file is root + the request path) and
 * {@code alias} (the file is alias + the path after the route's {@code path_prefix}). Relative
 * directories are resolved against the config file's directory by the loader.
 *
 * @param root     the document root, or {@code null}
 * @param alias    the directory that stands for the route's prefix, or {@code null}
 * @param index    files tried, in order, for a path ending in {@code /}; nginx's default {@code index.html}
 * @param tryFiles nginx's {@code try_files}: candidates such as {@code $uri} and {@code $uri/}, then a
 *                 fallback: a URI (matched again against the routes), {@code @name} (a named route)
 *                 or {@code =404}; empty when not used
 */
public record StaticConfig(String root, String alias, List<String> index, List<String> tryFiles) {
    public static final List<String> DEFAULT_INDEX = List.of("index.html");

    public StaticConfig {
        if ((root == null) == (alias == null)) {
            throw new IllegalArgumentException(root == null ? "root: missing (expected: root or alias)"
                    : "alias: " + alias + " (expected: either root or alias, not both)");
        }
        index = index == null ? DEFAULT_INDEX : List.copyOf(index);
        tryFiles = tryFiles == null ? List.of() : List.copyOf(tryFiles);
        if (tryFiles.size() == 1) {
            throw new IllegalArgumentException("try_files: " + tryFiles + " (expected: at least one file and a "
                    + "fallback, such as [$uri, /index.html])");
        }
        for (String t : tryFiles) {
            Template.parse("try_files", t);
        }
        if (!tryFiles.isEmpty()) {
            String fallback = tryFiles.get(tryFiles.size() - 1);
            if (!fallback.startsWith("/") && !fallback.startsWith("@") && !fallback.startsWith("$")
                    && !fallback.matches("=[0-9]{3}")) {
                throw new IllegalArgumentException("try_files: " + fallback + " (expected: the last entry is a URI "
                        + "starting with /, @name or =CODE such as =404)");
            }
        }
    }
}
