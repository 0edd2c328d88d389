package io.xsfu.config;

import java.util.Objects;

/**
 * One problem with a configuration: where it is (a JSONPath-like location such as
 * {@code $.rooms[0].participants[2].port}) and what is wrong there. Loading, validation and the
 * server's checks at start-up all report problems this way, so a user sees one format.
 */
public record ConfigError(String path, String message) {
    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
