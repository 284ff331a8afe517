package dev.telltale.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures {@code System.out} and {@code System.err} for each test ({@code @RegisterExtension}). */
final class Stdio implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** What the test wrote to {@code System.out}. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was captured so far. */
    void reset() {
        out.reset();
        err.reset();
    }

    /** What the test wrote to {@code System.err}. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
