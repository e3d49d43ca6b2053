package io.roomcast.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every line logged (root logger, every level that is enabled) while open, for tests that
 * check what is logged and what never is (a secret). Formatted messages and the stack traces'
 * messages are both kept. Thread-safe enough for tests: read after the work is done.
 */
public final class LogLines implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogLines() {
        appender.start();
        root.addAppender(appender);
    }

    /** Every line so far: the formatted message, then the messages of its exception chain. */
    public synchronized List<String> lines() {
        return List.copyOf(appender.list).stream().map(LogLines::text).toList();
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
