package io.xsfu.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input is a {@link ConfigException} with located errors, never another exception; and the
 * loader is never more lenient than the schema: whatever it accepts, the schema accepts.
 */
class LoaderRobustnessProperties {
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "65536", "40000", "\"\"", "\"x\"",
            "\"eth0\"", "\"10.0.0.1\"", "\"fd00::1\"", "\"alice\"", "\"backoff\"", "[]", "[\"alice\"]", "{}", "{\"comedia\": true}",
            "{\"type\": \"sleep\"}", "1e400", "99999999999999999999", "64", "128", "1024", "2048", "8192", "\"auto\"", "\"socket\"",
            "\"/tmp\"", "\"::\"", "\"224.0.0.1\"", "96", "97", "111", "127", "1111", "4294967295", "4294967296", "90000", "48000", "2",
            "\"VP8\"", "\"vp9\"", "\"opus\"", "\"H264\"", "\"audio\"", "\"video\"", "\"alice/cam\"", "\"alice/mic\"", "[\"alice/cam\"]",
            "{\"payloadType\": 97, \"ssrc\": 5}", "{\"transportCc\": true}", "{\"remb\": true}", "{\"nack\": false}",
            "[{\"id\": 3, \"uri\": \"urn:ietf:params:rtp-hdrext:sdes:mid\"}]", "\"urn:ietf:params:rtp-hdrext:toffset\"", "255", "15",
            "\"/etc/xsfu/token.key\"", "\"" + "k".repeat(32) + "\"", "\"" + "é".repeat(12) + "\"", "8080", "\"0.0.0.0\"", "3600", "1048576",
            "{\"tokenKeyFile\": \"/k\"}", "{\"certificate\": \"/c\", \"privateKey\": \"/k\"}");
    private static final List<String> PATHS = paths(TestConfigs.FULL);

    @Property(tries = 500)
    void anyTextIsAConfigOrAConfigException(@ForAll String text) {
        outcome(text);
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> edits() {
        Arbitrary<Map.Entry<String, String>> edit = Arbitraries.of(PATHS).flatMap(path ->
                Arbitraries.of(VALUES).map(value -> Map.entry(path, value)));
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 3000)
    void editedConfigsFailCleanlyAndNeverLooserThanTheSchema(@ForAll("edits") List<Map.Entry<String, String>> edits) {
        String json = TestConfigs.FULL;
        for (Map.Entry<String, String> edit : edits) {
            try {
                json = JsonEdit.set(json, edit.getKey(), edit.getValue());
            } catch (RuntimeException pathGoneAfterAnEarlierEdit) {
                // an earlier edit replaced a container; skip this edit
            }
        }
        List<ConfigError> errors = outcome(json);
        Statistics.collect(errors.isEmpty() ? "loader accepts" : "loader rejects");
        if (errors.isEmpty()) {
            assertEquals(List.of(), JsonSchemaCheck.validate(json), "the loader accepted what the schema rejects:\n" + json);
        }
    }

    /** The loader's errors for {@code json}; fails the property on any exception other than ConfigException. */
    private static List<ConfigError> outcome(String json) {
        try {
            ConfigLoader.parse(json, "fuzz");
            return List.of();
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty());
            for (ConfigError error : e.errors()) {
                assertTrue(error.path().startsWith("$"), error::toString);
                assertFalse(error.message().isBlank(), error::toString);
            }
            return e.errors();
        }
    }

    private static List<String> paths(String json) {
        List<String> paths = new ArrayList<>();
        try {
            collect(new ObjectMapper().readTree(json), "$", paths);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }

    private static void collect(JsonNode node, String path, List<String> paths) {
        if (!path.equals("$")) {
            paths.add(path);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path + "." + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", paths);
            }
        }
    }
}
