package dev.telltale.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Base of the JSON line encoders: one {@link JsonGenerator} kept for the life of the writer
 * thread and pointed at its batch buffer, so a line costs no generator or buffer allocation.
 * Subclasses write the fields in a fixed, documented order.
 */
abstract class JsonLines<T> implements LineEncoder<T> {
    /** No separator between root values: we write the newline ourselves. */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final LogTimes times = LogTimes.isoSeconds();
    private JsonGenerator gen;
    private LineBuffer target;

    @Override
    public final void encode(T record, LineBuffer out) throws IOException {
        if (gen == null || target != out) {
            gen = FACTORY.createGenerator(out);
            target = out;
        }
        try {
            gen.writeStartObject();
            fields(record, gen);
            gen.writeEndObject();
            gen.flush();
        } catch (IOException | RuntimeException e) {
            gen = null; // its state is mid-object; the sink discards the partial line
            throw e;
        }
        out.write('\n');
    }

    /** Writes the fields of one object between its braces. */
    abstract void fields(T record, JsonGenerator gen) throws IOException;

    /** {@code "ts":"2026-11-24T07:18:22.007Z"}. */
    final void ts(JsonGenerator gen, long epochMillis) throws IOException {
        gen.writeFieldName("ts");
        int n = times.isoMillis(epochMillis);
        gen.writeString(times.isoChars(), 0, n);
    }

    static void string(JsonGenerator gen, String name, String value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeStringField(name, value);
        }
    }

    static void number(JsonGenerator gen, String name, Long value) throws IOException {
        if (value == null) {
            gen.writeNullField(name);
        } else {
            gen.writeNumberField(name, value.longValue());
        }
    }

    /** Writes a String, Number, Boolean, null or List of those; anything else as its string. */
    static void value(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String) {
            gen.writeString((String) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            gen.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Number) {
            gen.writeNumber(value.toString()); // BigDecimal, BigInteger, LongAdder: exact digits
        } else if (value instanceof Boolean) {
            gen.writeBoolean((Boolean) value);
        } else if (value instanceof List) {
            gen.writeStartArray();
            for (Object item : (List<?>) value) {
                value(gen, item);
            }
            gen.writeEndArray();
        } else {
            gen.writeString(value.toString());
        }
    }
}
