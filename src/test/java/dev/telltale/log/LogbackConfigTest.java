package dev.telltale.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Applies the shipped configuration to a fresh context, so logback-test.xml cannot mask it. */
class LogbackConfigTest {
    @Test
    void apply_startsWithoutErrorsAndQuietsLibraries() {
        LoggerContext context = new LoggerContext();
        try {
            OperationalLogging.apply(context);

            assertThat(new StatusUtil(context).getHighestLevel(0)).isLessThan(Status.WARN);
            assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("io.undertow").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("org.xnio").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("org.jboss").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("dev.telltale").getEffectiveLevel()).isEqualTo(Level.INFO);
            AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME)
                    .getAppender(OperationalLogging.APPENDER);
            assertThat(async.isStarted()).isTrue();
            assertThat(async.isNeverBlock()).isTrue();
            assertThat(async.getDiscardingThreshold()).isZero();
            assertThat(async.getQueueSize()).isEqualTo(1024);
            assertThat(context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD)).isNotNull();
        } finally {
            context.stop();
        }
    }

    @Test
    void apply_writesOneUtcLineWithLevelThreadAndSimpleLoggerName() {
        LoggerContext context = new LoggerContext();
        try {
            OperationalLogging.apply(context);
            AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME)
                    .getAppender(OperationalLogging.APPENDER);
            @SuppressWarnings("unchecked")
            Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) async.getAppender("STDERR")).getEncoder();
            LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.telltale.boot.Telltale"), Level.INFO,
                    "listening on {}", null, new Object[] {"127.0.0.1:8080"});
            event.setThreadName("main");
            event.setTimeStamp(1_700_000_000_123L);

            String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

            assertThat(line).isEqualTo("2023-11-14T22:13:20.123Z INFO  [main] Telltale: listening on 127.0.0.1:8080"
                    + System.lineSeparator());
        } finally {
            context.stop();
        }
    }

    @Test
    void configurator_isRegisteredAsAServiceAndStepsAsideForLogbackTestXml() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/services/" + Configurator.class.getName())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo(OperationalLogging.class.getName());
        }
        LoggerContext context = new LoggerContext();
        OperationalLogging configurator = new OperationalLogging();
        configurator.setContext(context);
        try {
            // The test class path has a logback-test.xml: a user's own file must win over the code.
            assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(OperationalLogging.APPENDER)).isNull();
        } finally {
            context.stop();
        }
    }
}
