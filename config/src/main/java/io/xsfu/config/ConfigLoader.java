package io.xsfu.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an xsfu configuration file into a validated {@link XsfuConfig}, or explains, with every
 * problem at once, why it cannot.
 */
public final class ConfigLoader {
    // A repeated key would silently override the first: in a config that hides typos, so reject it.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    /**
     * @throws ConfigException if the file cannot be read or the configuration is invalid
     */
    public static XsfuConfig load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError(ConfigPaths.ROOT, "the file is not UTF-8 text")));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError(ConfigPaths.ROOT, "the file does not exist")));
        } catch (AccessDeniedException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError(ConfigPaths.ROOT, "permission denied reading the file")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigError(ConfigPaths.ROOT, "cannot read the file: " + e)));
        }
        return parse(json, file.toString());
    }

    /**
     * @param source where the text came from, for the exception's message
     * @throws ConfigException if the configuration is invalid
     */
    public static XsfuConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ConfigException(source, List.of(syntaxError(e)));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source, List.of(new ConfigError(ConfigPaths.ROOT, "the document is empty; expected a JSON object")));
        }
        ConfigReader reader = new ConfigReader();
        XsfuConfig config = reader.read(root);
        List<ConfigError> errors = new ArrayList<>(reader.errors());
        if (config != null) {
            errors.addAll(ConfigValidator.validate(config, reader::trusted));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }

    private static ConfigError syntaxError(JacksonException e) {
        JsonLocation where = e.getLocation();
        String reason = e.getOriginalMessage()
                // Jackson points at the start of an unclosed value as "[Source: ...; line: 1, column: 2]".
                .replaceAll("\\[Source: [^;]*; ", "[")
                .replaceAll("\\s+", " ")
                .strip();
        String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        return new ConfigError(ConfigPaths.ROOT, "invalid JSON" + at + ": " + reason);
    }
}
