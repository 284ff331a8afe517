package dev.telltale.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.ContextUtil;

/**
 * Logback's configuration for the process's own operational messages (start-up, listener bound,
 * reload, shutdown, unexpected errors): one line each on stderr. Per-request access and
 * {@code upstream_error} lines do not come through here (see {@link AccessLog}).
 *
 * <p>Set up in code, found by Logback through {@code META-INF/services}, instead of a
 * {@code logback.xml}: parsing XML loaded the JDK's XML parser and Logback's configuration
 * model (~550 classes, ~0.3 s of a 2 s start on one core). A configuration of the user's own
 * still wins: {@code -Dlogback.configurationFile=...}, or a {@code logback.xml} or
 * {@code logback-test.xml} on the class path (then this steps aside and Logback reads that).
 *
 * <p>What it sets up: the appender is asynchronous and never blocks, so a message logged from a
 * Netty event loop costs a queue offer, not a write(2); a shutdown hook drains it on exit
 * (including {@code System.exit}). Expected conditions (refused, reset, timeouts) are logged
 * without a Throwable, so no stack traces; an unexpected error keeps a short one (12 frames) to
 * be reportable. Third-party libraries log only warnings and errors.
 */
public final class OperationalLogging extends ContextAwareBase implements Configurator {
    /** The line layout: UTC timestamp, level, thread, logger's simple name, message, short trace. */
    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger{0}: %msg%n%ex{12}";
    /** Name of the asynchronous appender on the root logger. */
    public static final String APPENDER = "ASYNC";

    private static final String[] QUIET = {"io.netty", "io.undertow", "org.xnio", "org.jboss"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfigured()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether a configuration file the default Logback set-up would read is there. */
    private static boolean userConfigured() {
        ClassLoader cl = OperationalLogging.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null
                || cl.getResource("logback-test.xml") != null
                || cl.getResource("logback.xml") != null;
    }

    /** Configures {@code context} as described above; for a fresh context. */
    public static void apply(LoggerContext context) {
        DefaultShutdownHook hook = new DefaultShutdownHook();
        hook.setContext(context);
        new ContextUtil(context).addOrReplaceShutdownHook(hook);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(APPENDER);
        async.setQueueSize(1024);
        async.setDiscardingThreshold(0); // keep INFO too: operational messages are rare, a start-up line must not vanish
        async.setNeverBlock(true);
        async.setMaxFlushTime(1000);
        async.addAppender(stderr);
        async.start();

        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async);
    }
}
