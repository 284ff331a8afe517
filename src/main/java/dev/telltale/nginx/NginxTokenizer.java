package dev.telltale.nginx;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits nginx config text into tokens exactly as nginx's {@code ngx_conf_read_token} does:
 * words end at whitespace, {@code ;} or <code>{</code> (a <code>}</code> inside a word is part of
 * it); {@code '...'} and {@code "..."} are words whose closing quote must be followed by
 * whitespace, {@code ;}, <code>{</code> or {@code )}; a backslash protects the next character;
 * {@code #} starts a comment only where a token could start; <code>${var}</code> keeps its
 * braces. Escapes are then resolved the way nginx copies a word: {@code \"}, {@code \'} and
 * {@code \\} give the character, {@code \t}, {@code \r}, {@code \n} the control character, and
 * any other backslash stays.
 */
final class NginxTokenizer {
    enum Kind { WORD, SEMICOLON, OPEN, CLOSE, EOF }

    /** @param quoted the word was written in quotes (so {@code ""} is an empty argument) */
    record Token(Kind kind, String text, int line, boolean quoted) {
    }

    private final String text;
    private final String file;
    private int pos;
    private int line = 1;

    NginxTokenizer(String text, String file) {
        this.text = text;
        this.file = file;
    }

    /** Every token up to and including {@link Kind#EOF}. */
    static List<Token> tokenize(String text, String file) throws NginxConfigException {
        NginxTokenizer t = new NginxTokenizer(text, file);
        List<Token> out = new ArrayList<>();
        Token tok;
        do {
            tok = t.next();
            out.add(tok);
        } while (tok.kind() != Kind.EOF);
        return out;
    }

    Token next() throws NginxConfigException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ';') {
                pos++;
                return new Token(Kind.SEMICOLON, ";", line, false);
            } else if (c == '{') {
                pos++;
                return new Token(Kind.OPEN, "{", line, false);
            } else if (c == '}') {
                pos++;
                return new Token(Kind.CLOSE, "}", line, false);
            } else if (c == '"' || c == '\'') {
                return quoted(c);
            } else {
                return word();
            }
        }
        return new Token(Kind.EOF, "", line, false);
    }

    private Token quoted(char quote) throws NginxConfigException {
        int startLine = line;
        int start = ++pos;
        boolean escaped = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
            }
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == quote) {
                String word = unescape(text.substring(start, pos));
                pos++;
                if (pos < text.length()) {
                    char after = text.charAt(pos);
                    if (!(after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == ';'
                            || after == '{' || after == ')')) {
                        throw error("unexpected \"" + after + "\"");
                    }
                }
                return new Token(Kind.WORD, word, startLine, true);
            }
            pos++;
        }
        throw error("unexpected end of file, expecting \";\" or \"}\"");
    }

    private Token word() throws NginxConfigException {
        int startLine = line;
        int start = pos;
        boolean escaped = false;
        boolean variable = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (escaped) {
                escaped = false;
                if (c == '\n') {
                    line++;
                }
                pos++;
                continue;
            }
            if (c == '{' && variable) {
                // ${name}: the brace belongs to the variable, not a block
                variable = false;
                pos++;
                continue;
            }
            variable = c == '$';
            if (c == '\\') {
                escaped = true;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '{') {
                return new Token(Kind.WORD, unescape(text.substring(start, pos)), startLine, false);
            }
            pos++;
        }
        throw error("unexpected end of file, expecting \";\" or \"}\"");
    }

    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char n = raw.charAt(i + 1);
                switch (n) {
                    case '"', '\'', '\\' -> {
                        sb.append(n);
                        i++;
                        continue;
                    }
                    case 't' -> {
                        sb.append('\t');
                        i++;
                        continue;
                    }
                    case 'r' -> {
                        sb.append('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        sb.append('\n');
                        i++;
                        continue;
                    }
                    default -> {
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private NginxConfigException error(String message) {
        return new NginxConfigException(new NginxError(file, line, message));
    }
}
