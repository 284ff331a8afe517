package dev.telltale.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Loads the shipped logback.xml into a fresh context, so a logback-test.xml elsewhere cannot mask it. */
class LogbackConfigTest {
    @Test
    void logbackXml_loadsWithoutErrorsAndQuietsLibraries() throws Exception {
        URL xml = LogbackConfigTest.class.getResource("/logback.xml");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(xml);

            assertThat(new StatusUtil(context).getHighestLevel(0)).isLessThan(Status.WARN);
            assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("io.undertow").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("dev.telltale").getEffectiveLevel()).isEqualTo(Level.INFO);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC")).isNotNull();
        } finally {
            context.stop();
        }
    }
}
