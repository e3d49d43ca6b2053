package io.roomcast.bootstrap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format} and {@code logging.level} to logback's one appender (standard
 * error, see {@code logback.xml}): text lines with ISO-8601 local times, or one JSON object per
 * line by logback's own {@link JsonEncoder}. Does nothing under another SLF4J backend.
 */
final class Logs {
    /** The text layout; logback.xml starts with the same. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    static final String APPENDER = "STDERR";

    private Logs() {
    }

    static void apply(Settings settings) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.oneOf(Setting.LOGGING_LEVEL).toUpperCase(Locale.ROOT), Level.INFO));
        Appender<ILoggingEvent> appender = root.getAppender(APPENDER);
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            Encoder<ILoggingEvent> encoder = settings.oneOf(Setting.LOGGING_FORMAT).equals("json") ? json(context) : text(context);
            stream.stop();
            stream.setEncoder(encoder);
            stream.start();
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
