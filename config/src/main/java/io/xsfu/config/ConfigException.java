package io.xsfu.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration was rejected. Carries every problem found, not just the first, so a user fixes
 * a file in one pass; the message lists them one per line.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final List<ConfigError> errors;

    /**
     * @param source where the configuration came from (a file name, "generated", ...), for the message
     * @param errors at least one problem
     */
    public ConfigException(String source, List<ConfigError> errors) {
        super(format(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public String source() {
        return source;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(String source, List<ConfigError> errors) {
        Objects.requireNonNull(source, "source");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        StringBuilder text = new StringBuilder()
                .append("invalid xsfu configuration ").append(source)
                .append(" (").append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append("):");
        for (ConfigError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }
}
