package io.xsfu.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per event on stderr: time, level, logger's simple name, message. Configured once at start. */
final class Logging {
    private Logging() {
    }

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler h = new ConsoleHandler();
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
                String msg = formatMessage(r);
                String thrown = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
                return String.format("%1$tT.%1$tL %2$-7s %3$s: %4$s%5$s%n", r.getMillis(), r.getLevel(), name, msg, thrown);
            }
        });
        String level = System.getenv().getOrDefault("XSFU_LOG_LEVEL", "INFO");
        h.setLevel(Level.parse(level));
        root.setLevel(Level.parse(level));
        root.addHandler(h);
    }
}
