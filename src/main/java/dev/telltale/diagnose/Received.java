package dev.telltale.diagnose;

import java.nio.charset.StandardCharsets;

/**
 * What a malformed upstream sent: an escaped, truncated prefix for the page, and a guess at the
 * protocol actually spoken on that port.
 */
public final class Received {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Received() {
    }

    /**
     * Printable ASCII as is, CR and LF as {@code \r} {@code \n}, everything else as {@code \xNN};
     * at most {@code max} input bytes, then {@code ...}.
     */
    public static String escape(byte[] bytes, int max) {
        int n = Math.min(bytes.length, max);
        StringBuilder sb = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        if (bytes.length > max) {
            sb.append("..."); // ASCII keeps pages Latin-1 (cheap to encode)
        }
        return sb.toString();
    }

    /**
     * {@code tls}, {@code ssh}, {@code smtp} or {@code http2} when the first bytes are that
     * protocol's greeting or record, else {@code null}.
     */
    public static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] == 0x15 || b[0] == 0x16) && b[1] == 0x03 && (b[2] & 0xff) <= 0x04) {
            return "tls";
        }
        if (startsWith(b, "SSH-")) {
            return "ssh";
        }
        if (startsWith(b, "220 ") || startsWith(b, "220-")) {
            return "smtp";
        }
        // An HTTP/2 server's first frame is SETTINGS (type 4) on stream 0.
        if (b.length >= 9 && b[3] == 0x04 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0) {
            return "http2";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (b.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (b[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
