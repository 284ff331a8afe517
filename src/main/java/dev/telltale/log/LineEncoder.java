package dev.telltale.log;

import java.io.IOException;

/**
 * Turns one log record into one line. An encoder is called only on its sink's writer thread,
 * always with the same buffer, so it may keep reusable state (a {@code JsonGenerator}, a date
 * cache) without synchronisation. One encoder instance serves one sink.
 *
 * @param <T> the record type
 */
@FunctionalInterface
interface LineEncoder<T> {
    /**
     * Appends exactly one line for {@code record}, ending with {@code '\n'}, to {@code out}. When it
     * throws, the sink discards whatever it appended and counts the record as dropped.
     */
    void encode(T record, LineBuffer out) throws IOException;
}
