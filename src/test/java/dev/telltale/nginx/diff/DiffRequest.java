package dev.telltale.nginx.diff;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request of a {@code NAME.requests} file, sent byte for byte alike to nginx and Telltale.
 *
 * <p>The file is blocks separated by blank lines; {@code #} starts a comment line. A block is a
 * request line {@code METHOD TARGET}, then {@code Name: value} header lines, then directives:
 * <ul>
 *   <li>{@code @body TEXT} — the body, {@code \r} and {@code \n} escaped (Content-Length added
 *       unless a header frames it);</li>
 *   <li>{@code @body-size N} — N deterministic bytes as the body;</li>
 *   <li>{@code @chunked} — send the body with {@code Transfer-Encoding: chunked}, 1000 bytes a chunk;</li>
 *   <li>{@code @listen 2} — send to the config's second listen port ({@code ${LISTEN2}});</li>
 *   <li>{@code @expect N} — nginx must answer N: checks the corpus itself, so a request that
 *       both sides get wrong the same way (a typo in the config) does not pass unnoticed.</li>
 * </ul>
 * Header values may name {@code ${UPSTREAM}} and {@code ${UPSTREAM2}} (a Location the upstream is
 * to send). Without a {@code Host} header, {@code Host: localhost} is sent; {@code Connection: close} is
 * always sent, so each request has its own connection and responses read to their end.
 */
record DiffRequest(int line, String method, String target, List<String> headers, byte[] body, int listen,
                   int expect, boolean chunked) {

    /** How the request reads in test names and failure messages. */
    String describe() {
        return method + " " + shorten(target) + (headers.isEmpty() ? "" : " ["
                + String.join("; ", headers.stream().map(DiffRequest::shorten).toList()) + "]")
                + (body.length == 0 ? "" : " +" + body.length + "B " + (chunked ? "chunked " : "") + "body") + (listen == 1 ? "" : " @listen " + listen)
                + " (line " + line + ")";
    }

    /** The value of the client's header {@code name} (case-insensitive), or null. */
    String header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip()).findFirst().orElse(null);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }

    boolean head() {
        return method.equals("HEAD");
    }

    /** The request's bytes, {@code ${NAME}} in header lines replaced from {@code values}. */
    byte[] wire(Map<String, String> values) {
        StringBuilder h = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        for (String l : headers) {
            String lower = l.toLowerCase(Locale.ROOT);
            host |= lower.startsWith("host:");
            length |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
            for (var v : values.entrySet()) {
                l = l.replace("${" + v.getKey() + "}", v.getValue());
            }
            h.append(l).append("\r\n");
        }
        if (!host) {
            h.append("Host: localhost\r\n");
        }
        if (chunked) {
            h.append("Transfer-Encoding: chunked\r\n");
        } else if (body.length > 0 && !length) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!chunked) {
            out.writeBytes(body);
            return out.toByteArray();
        }
        for (int i = 0; i < body.length; i += 1000) {
            int n = Math.min(1000, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static List<DiffRequest> parse(String text, String file) {
        List<DiffRequest> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            String[] requestLine = l.split("\\s+");
            if (requestLine.length != 2) {
                throw new IllegalArgumentException(file + ":" + start + ": expected METHOD TARGET, got: " + l);
            }
            List<String> headers = new ArrayList<>();
            byte[] body = new byte[0];
            int listen = 1;
            int expect = 0;
            boolean chunked = false;
            for (i++; i < lines.length && !lines[i].isBlank(); i++) {
                String d = lines[i].strip();
                if (d.startsWith("#")) {
                    continue;
                }
                if (d.startsWith("@")) {
                    String[] kv = d.split(" ", 2);
                    String arg = kv.length > 1 ? kv[1] : "";
                    switch (kv[0]) {
                        case "@body" -> body = arg.replace("\\r", "\r").replace("\\n", "\n")
                                .getBytes(StandardCharsets.UTF_8);
                        case "@body-size" -> body = RecordingUpstream.bytes(Integer.parseInt(arg));
                        case "@listen" -> listen = Integer.parseInt(arg);
                        case "@expect" -> expect = Integer.parseInt(arg);
                        case "@chunked" -> chunked = true;
                        default -> throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown " + kv[0]
                                + " (expected: @body, @body-size, @chunked, @listen, @expect)");
                    }
                } else if (d.indexOf(':') > 0) {
                    headers.add(d);
                } else {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected Name: value or @directive, "
                            + "got: " + d);
                }
            }
            out.add(new DiffRequest(start, requestLine[0], requestLine[1], headers, body, listen, expect, chunked));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no requests");
        }
        return out;
    }
}
