package io.xsfu.server;

/**
 * Logging goes through SLF4J (simple backend, configured by {@code simplelogger.properties}); our code logs
 * with {@link System.Logger}, which the slf4j-jdk-platform-logging bridge hands to SLF4J. This only lets
 * {@code XSFU_LOG_LEVEL} choose the level, before the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    static void configure() {
        String level = System.getenv("XSFU_LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.trim().toLowerCase());
        }
    }
}
