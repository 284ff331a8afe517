package dev.telltale.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSinkTest {
    /** One line per string; the string {@code boom} fails to encode. */
    private static final LineEncoder<String> LINES = (s, out) -> {
        out.ascii(s);
        if (s.equals("boom")) {
            throw new IllegalStateException("boom");
        }
        out.write('\n');
    };

    @TempDir
    Path dir;

    /** Blocks every write until released: a disk or pipe that stopped draining. */
    static final class StalledStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writes.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("stalled write interrupted");
            }
            written.write(b, off, len);
        }
    }

    @Test
    void fileTarget_createsParentDirectoriesAndAppends() throws IOException {
        Path file = dir.resolve("a/b/access.log");
        try (LogSink<String> sink = LogSink.open("logs.access", file.toString(), LINES)) {
            sink.offer("one");
        }
        try (LogSink<String> sink = LogSink.open("logs.access", file.toString(), LINES)) {
            sink.offer("two");
        }

        assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
    }

    @Test
    void reopen_afterRename_writesToNewFile() throws IOException {
        Path file = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        try (LogSink<String> sink = LogSink.open("logs.access", file.toString(), LINES)) {
            sink.offer("before");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(file).equals("before\n"));
            Files.move(file, rotated);
            sink.offer("queued before reopen");

            sink.reopen();
            sink.offer("after");
        }

        assertThat(Files.readString(rotated)).isEqualTo("before\nqueued before reopen\n");
        assertThat(Files.readString(file)).isEqualTo("after\n");
    }

    @Test
    void open_directoryTarget_failsWithReason() {
        assertThatThrownBy(() -> LogSink.open("logs.access", dir.toString(), LINES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logs.access.target: " + dir + ": cannot open: Is a directory");
    }

    @Test
    void open_parentIsAFile_failsNamingTheParent() throws IOException {
        Path notDir = Files.writeString(dir.resolve("plain"), "x");
        String target = notDir.resolve("error.log").toString();

        assertThatThrownBy(() -> LogSink.open("logs.error", target, LINES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("logs.error.target: " + target + ": cannot open: Not a directory (" + notDir + ")");
    }

    @Test
    void open_readOnlyDirectory_failsWithPermissionDenied() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        String target = readOnly.resolve("access.log").toString();

        assertThatThrownBy(() -> LogSink.open("logs.access", target, LINES))
                .hasMessage("logs.access.target: " + target + ": cannot open: Permission denied");
    }

    @Test
    void fullQueue_dropsAndCountsWithoutBlocking() {
        StalledStream stalled = new StalledStream();
        LogSink<String> sink = LogSink.of("logs.access", stalled, LINES, 4);
        try {
            sink.offer("first");
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> stalled.entered.await());

            List<Boolean> accepted = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 7; i++) {
                    accepted.add(sink.offer("queued " + i));
                }
            });

            assertThat(accepted).containsExactly(true, true, true, true, false, false, false);
            assertThat(sink.dropped()).isEqualTo(3);
        } finally {
            stalled.release.countDown();
            sink.close();
        }
        assertThat(stalled.written.toString(StandardCharsets.UTF_8))
                .isEqualTo("first\nqueued 0\nqueued 1\nqueued 2\nqueued 3\n");
    }

    @Test
    void burstWhileWriting_isWrittenWithOneWrite() {
        StalledStream stalled = new StalledStream();
        LogSink<String> sink = LogSink.of("logs.access", stalled, LINES, 1024);
        sink.offer("first");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> stalled.entered.await());
        IntStream.range(0, 500).forEach(i -> sink.offer("burst " + i));

        stalled.release.countDown();
        sink.close();

        assertThat(stalled.writes).hasValue(2);
        assertThat(stalled.written.toString(StandardCharsets.UTF_8).split("\n")).hasSize(501);
    }

    @Test
    void close_stalledWriter_returnsWithinBoundAndCountsTheLoss() {
        StalledStream stalled = new StalledStream();
        LogSink<String> sink = LogSink.of("logs.access", stalled, LINES, 4);
        sink.offer("stuck");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> stalled.entered.await());

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> sink.close(Duration.ofMillis(100)));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.dropped() == 1);
        assertThat(sink.offer("after close")).isFalse();
        assertThat(sink.dropped()).isEqualTo(2);
    }

    @Test
    void close_writesEverythingLoggedBefore() throws IOException {
        Path file = dir.resolve("many.log");
        List<String> expected = IntStream.range(0, 20_000).mapToObj(i -> "line " + i).toList();
        try (LogSink<String> sink = LogSink.open("logs.access", file.toString(), LINES)) {
            expected.forEach(sink::offer);
        }

        assertThat(Files.readAllLines(file)).isEqualTo(expected);
    }

    @Test
    void encoderFailure_dropsThatLineOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSink<String> sink = LogSink.of("logs.access", out, LINES, 16);
        sink.offer("a");
        sink.offer("boom");
        sink.offer("b");
        sink.close();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void writeFailure_countsLostLinesAndKeepsRunning() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        LogSink<String> sink = LogSink.of("logs.access", broken, LINES, 16);
        sink.offer("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.dropped() == 1);
        sink.offer("b");
        sink.close();

        assertThat(sink.dropped()).isEqualTo(2);
    }

    @Test
    void offTarget_acceptsNothingAndDropsNothing() {
        LogSink<String> sink = LogSink.open("logs.access", "off", LINES);

        assertThat(sink.enabled()).isFalse();
        assertThat(sink.offer("x")).isFalse();
        assertThat(sink.dropped()).isZero();
        sink.reopen();
        sink.close();
    }
}
