package dev.telltale.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What a {@code static} route answers for a path, with nginx's semantics ({@code root},
 * {@code alias}, {@code index}, {@code try_files}). Makes blocking file system calls: run it on
 * {@link FileIo}, never on an event loop. Symbolic links are followed (nginx's default), but a
 * path never leaves the directory: it is resolved lexically under it and checked to stay there.
 */
public final class StaticLookup {
    private final Path root;
    private final String aliasPrefix;
    private final List<String> index;

    /** What to answer. */
    public sealed interface Outcome {
    }

    /** Serve this open file; the receiver owns {@code channel} and closes it exactly once. */
    public record Found(String uri, FileChannel channel, long size, long modifiedMillis) implements Outcome {
    }

    /** Answer with this status (404, 403, 405, 500, or a try_files {@code =CODE}). */
    public record Status(int status) implements Outcome {
    }

    /** A directory asked without its trailing slash: 301 to {@code uri + "/"}. */
    public record DirectoryRedirect(String uri) implements Outcome {
    }

    /** Match the routes again with this URI (an index file, a try_files fallback); may carry {@code ?args}. */
    public record InternalRedirect(String uri) implements Outcome {
    }

    /** Go on at the route named {@code name}. */
    public record Named(String name) implements Outcome {
    }

    /**
     * @param directory   {@code root}, or {@code alias} when {@code aliasPrefix} is set; absolute
     * @param aliasPrefix the route's path prefix that {@code alias} stands for, or {@code null} with {@code root}
     * @param index       index file names, tried in order for a path ending in {@code /}
     */
    public StaticLookup(Path directory, String aliasPrefix, List<String> index) {
        this.root = directory.toAbsolutePath().normalize();
        this.aliasPrefix = aliasPrefix;
        this.index = List.copyOf(index);
    }

    /**
     * @param uri        the normalised request path ({@code $uri})
     * @param candidates try_files candidates, expanded; empty when the route has no try_files
     * @param fallback   try_files' last entry, expanded, or {@code null}
     * @param readable   the method is GET or HEAD
     */
    public Outcome lookup(String uri, List<String> candidates, String fallback, boolean readable) {
        if (fallback == null) {
            return serve(uri, readable);
        }
        for (String c : candidates) {
            boolean dir = c.endsWith("/");
            Path p = file(c);
            BasicFileAttributes a = p == null ? null : stat(p);
            if (a != null && a.isDirectory() == dir) {
                return serve(c, readable);
            }
        }
        if (fallback.startsWith("@")) {
            return new Named(fallback.substring(1));
        }
        if (fallback.startsWith("=")) {
            return new Status(Integer.parseInt(fallback.substring(1)));
        }
        return new InternalRedirect(fallback);
    }

    private Outcome serve(String uri, boolean readable) {
        if (!readable) {
            return new Status(405);
        }
        if (uri.endsWith("/")) {
            for (String name : index) {
                String candidate = name.startsWith("/") ? name : uri + name;
                Path p = file(candidate);
                BasicFileAttributes a = p == null ? null : stat(p);
                if (a != null && !a.isDirectory()) {
                    return new InternalRedirect(candidate);
                }
            }
            Path dir = file(uri);
            BasicFileAttributes a = dir == null ? null : stat(dir);
            return new Status(a != null && a.isDirectory() ? 403 : 404); // autoindex is off
        }
        Path p = file(uri);
        if (p == null) {
            return new Status(404);
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.isDirectory()) {
                return new DirectoryRedirect(uri);
            }
            if (!a.isRegularFile()) {
                return new Status(404);
            }
            FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
            // Size and time from the open file, which is what gets sent even if the name is replaced meanwhile.
            try {
                return new Found(uri, ch, ch.size(), Files.getLastModifiedTime(p).toMillis());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new Status(404);
        } catch (AccessDeniedException e) {
            return new Status(403);
        } catch (FileSystemException e) {
            // Java has no exception type for ENOTDIR ("/a.txt/b") or ENAMETOOLONG; its reason is
            // the only witness. nginx answers 404 for those and 500 for the rest (EMFILE, EIO).
            String why = String.valueOf(e.getReason());
            return new Status(why.equals("Not a directory") || why.equals("File name too long") ? 404 : 500);
        } catch (IOException e) {
            return new Status(500);
        }
    }

    /** The file for a path under the directory, or {@code null} when it would lie outside it. */
    Path file(String uri) {
        String rel = uri;
        if (aliasPrefix != null) {
            if (!uri.startsWith(aliasPrefix)) {
                return null;
            }
            rel = uri.substring(aliasPrefix.length());
        }
        int start = 0;
        while (start < rel.length() && rel.charAt(start) == '/') {
            start++;
        }
        try {
            Path p = root.resolve(rel.substring(start)).normalize();
            return p.startsWith(root) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static BasicFileAttributes stat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }
}
