package io.evex.runtime.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The text log's first word, the same prefixes as every other message of the command line:
 * {@code error:}, {@code warning:}, and {@code evex:} for the rest.
 */
public final class LogPrefix extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "error:";
        }
        return level.isGreaterOrEqual(Level.WARN) ? "warning:" : "evex:";
    }
}
