package io.xsfu.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the counters file lives, so that tools outside the process can read the counters.
 *
 * @param directory an absolute directory, ideally on a tmpfs such as {@code /dev/shm}
 */
public record CountersConfig(Path directory) {

    public static final CountersConfig DEFAULTS = new CountersConfig(Path.of("/dev/shm/xsfu"));

    public CountersConfig {
        Objects.requireNonNull(directory, "directory");
    }

    public static CountersConfig of(String directory) {
        return new CountersConfig(Path.of(directory));
    }
}
