package dev.telltale.nginx.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The document root every config's {@code ${ROOT}} names: a small site (index pages, assets,
 * nested directories, error pages, a binary file for ranges), with fixed modification times so
 * {@code Last-Modified} is the same on every run. World-readable, since nginx may read as another user.
 */
final class DocRoot {
    static final Instant MTIME = Instant.parse("2024-01-02T03:04:05Z");

    private DocRoot() {
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("index.html", text("<!doctype html>\n<title>home</title>\n<p>root index</p>\n"));
        f.put("about.html", text("<!doctype html>\n<title>about</title>\n<p>about page</p>\n"));
        f.put("404.html", text("<!doctype html>\n<title>not found</title>\n<p>custom 404 page</p>\n"));
        f.put("50x.html", text("<!doctype html>\n<title>error</title>\n<p>custom 50x page</p>\n"));
        f.put("robots.txt", text("User-agent: *\nDisallow: /admin/\n"));
        f.put("assets/app.js", text("console.log('app');\n"));
        f.put("assets/style.css", text("body { color: #333; }\n"));
        f.put("assets/data.json", text("{\"items\": [1, 2, 3]}\n"));
        byte[] png = new byte[256];
        for (int i = 0; i < png.length; i++) {
            png[i] = (byte) i;
        }
        f.put("assets/logo.png", png);
        f.put("assets/big.bin", RecordingUpstream.bytes(100_000));
        f.put("docs/index.html", text("<!doctype html>\n<title>docs</title>\n<p>docs index</p>\n"));
        f.put("docs/guide/intro.html", text("<!doctype html>\n<title>intro</title>\n<p>guide intro</p>\n"));
        f.put("docs/guide/default.htm", text("<!doctype html>\n<title>guide</title>\n<p>guide default</p>\n"));
        f.put("files/readme.txt", text("files served by alias\n"));
        f.put("files/sub/deep.txt", text("deep file\n"));
        f.put("app/index.html", text("<!doctype html>\n<title>spa</title>\n<div id=app></div>\n"));
        f.put("app/main.js", text("render();\n"));
        f.put("hello world.txt", text("a name with a space\n"));
        return f;
    }

    /** Writes the site into a new temporary directory and returns it. */
    static Path create() throws IOException {
        Path root = Files.createTempDirectory("nginx-diff-root");
        for (var e : files().entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            Files.setLastModifiedTime(p, FileTime.from(MTIME));
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        return root;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
