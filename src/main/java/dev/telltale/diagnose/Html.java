package dev.telltale.diagnose;

/** Escaping for HTML text and double- or single-quoted attribute values. */
public final class Html {
    private Html() {
    }

    /** {@code s} escaped for HTML text or a quoted attribute; {@code null} gives the empty string. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        escape(b, s);
        return b.toString();
    }

    /**
     * Appends {@code s} escaped: {@code & < > " '} become character references, controls other
     * than tab, CR and LF and lone surrogates become U+FFFD, so no value can open a tag, close an
     * attribute or smuggle a byte a browser would reinterpret; characters beyond Latin-1 become
     * numeric references (the page's bytes stay one per char).
     */
    public static StringBuilder escape(StringBuilder out, String s) {
        if (s == null) {
            return out;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default:
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f || Texts.loneSurrogate(s, i)) {
                        out.append("&#xfffd;");
                    } else if (c > 0xff) {
                        // As a numeric reference, so the page stays Latin-1: one char beyond it makes
                        // the whole StringBuilder two bytes a char, and encoding it costs ~10x the page.
                        int cp = s.codePointAt(i);
                        out.append("&#x").append(Integer.toHexString(cp)).append(';');
                        i += Character.charCount(cp) - 1;
                    } else {
                        out.append(c);
                    }
            }
        }
        return out;
    }
}
