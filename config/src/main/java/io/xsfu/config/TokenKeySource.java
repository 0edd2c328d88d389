package io.xsfu.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the signaling endpoint's HS256 token key comes from: a file (JSON {@code tokenKeyFile}), or the config itself
 * (JSON {@code tokenKey}, for test configs: a config file is copied, shared and logged more than a key should be).
 * {@link SignalingFilesCheck#tokenKey} gives the key either way.
 */
public sealed interface TokenKeySource {

    /** RFC 7518 3.2: an HS256 key is at least as long as the hash, or it is easier to guess than the hash is to break. */
    int MIN_KEY_BYTES = 32;

    /** The key is the text of this file, without its final line ending; the server reads it at start. */
    record File(Path path) implements TokenKeySource {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The key, written in the config. */
    record Inline(String key) implements TokenKeySource {
        public Inline {
            Objects.requireNonNull(key, "key");
        }

        /** Never the key itself: configs end up in logs. */
        @Override
        public String toString() {
            return "Inline[key=(" + key.getBytes(StandardCharsets.UTF_8).length + " bytes, not shown)]";
        }
    }

    static TokenKeySource file(Path path) {
        return new File(path);
    }

    static TokenKeySource file(String path) {
        return new File(Path.of(path));
    }

    static TokenKeySource inline(String key) {
        return new Inline(key);
    }
}
