package dev.telltale.nginx.diff;

import dev.telltale.testing.RawHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one proxy did with one request: what the client got (status {@code 0} when the
 * connection failed, the error then in {@code body}) and what reached the upstreams, with the
 * proxy's own port numbers replaced by their placeholder names so nginx and Telltale compare.
 */
record Observed(int status, Map<String, String> headers, byte[] body, List<RecordingUpstream.Seen> upstream) {

    /** Sends {@code request} to {@code port} and reads the whole answer. */
    static RawHttp.Response exchange(int port, DiffRequest request, Map<String, String> values) {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request.wire(values));
            return http.read(request.head());
        } catch (IOException | RuntimeException e) {
            return new RawHttp.Response(0, Map.of(), ("no response: " + e).getBytes(StandardCharsets.UTF_8), false);
        }
    }

    /**
     * @param ports this proxy's listen ports by placeholder name ({@code LISTEN}, ...): an
     *              absolute redirect names the port it was reached on, which differs by design
     */
    static Observed of(RawHttp.Response r, List<RecordingUpstream.Seen> upstream, Map<String, Integer> ports) {
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> headers.put(k, placeholders(v, ports)));
        byte[] body = placeholders(new String(r.body(), StandardCharsets.ISO_8859_1), ports)
                .getBytes(StandardCharsets.ISO_8859_1);
        return new Observed(r.status(), headers, body, upstream);
    }

    private static String placeholders(String s, Map<String, Integer> ports) {
        for (var p : ports.entrySet()) {
            s = s.replace(":" + p.getValue(), ":${" + p.getKey() + "}");
        }
        return s;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The body as a failure message shows it: short text as is, anything else by size and hash. */
    String bodyText() {
        String text = new String(body, StandardCharsets.UTF_8);
        boolean printable = text.length() <= 300 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'
                || c == '\r' || c == '\t');
        return body.length == 0 ? "(empty)" : printable ? text.strip().replace("\n", "\\n")
                : body.length + " bytes sha256=" + sha256(body).substring(0, 16);
    }

    static String sha256(byte[] b) {
        MessageDigest sha = RecordingUpstream.sha256();
        return HexFormat.of().formatHex(sha.digest(b));
    }
}
