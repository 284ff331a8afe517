package dev.telltale.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that collects encoded lines on a sink's writer thread until they are
 * written out in one batch. Not thread-safe: it belongs to one writer thread.
 *
 * <p>Besides raw bytes it offers the two text forms the nginx-compatible formats need: plain
 * ASCII and nginx's log escaping (see {@link #escaped}).
 */
final class LineBuffer extends OutputStream {
    private static final int INITIAL = 64 * 1024;
    /** A buffer grown past this by one huge line is given back after it is written. */
    private static final int RETAIN_MAX = 1024 * 1024;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf = new byte[INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** Forgets everything after {@code mark}: undoes a line whose encoding failed halfway. */
    void truncate(int mark) {
        size = mark;
    }

    void reset() {
        size = 0;
        if (buf.length > RETAIN_MAX) {
            buf = new byte[INITIAL];
        }
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    String contentAsString() {
        return new String(buf, 0, size, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends a string known to be ASCII (numbers, fixed words, formatted dates). */
    LineBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    LineBuffer decimal(long value) {
        return ascii(Long.toString(value));
    }

    /**
     * Appends {@code s} with nginx's access-log escaping: {@code "}, {@code \}, control characters,
     * DEL and every byte of a non-ASCII character's UTF-8 form become {@code \xHH} (upper-case hex),
     * so a line can neither be split nor forged by what a client sent. {@code null} becomes {@code -},
     * as nginx writes an absent variable.
     */
    LineBuffer escaped(CharSequence s) {
        if (s == null) {
            write('-');
            return this;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
                    hex(c);
                } else {
                    write(c);
                }
            } else if (c < 0x800) {
                hex(0xc0 | (c >> 6));
                hex(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                hex(0xf0 | (cp >> 18));
                hex(0x80 | ((cp >> 12) & 0x3f));
                hex(0x80 | ((cp >> 6) & 0x3f));
                hex(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                write('?'); // a lone surrogate has no UTF-8 form
            } else {
                hex(0xe0 | (c >> 12));
                hex(0x80 | ((c >> 6) & 0x3f));
                hex(0x80 | (c & 0x3f));
            }
        }
        return this;
    }

    private void hex(int b) {
        ensure(4);
        buf[size++] = '\\';
        buf[size++] = 'x';
        buf[size++] = HEX[(b >> 4) & 0xf];
        buf[size++] = HEX[b & 0xf];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
