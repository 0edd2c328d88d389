package io.xsfu.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped schema and the Java loader must agree: on valid configs both accept; on each broken
 * rule the schema rejects at the same place where it can express the rule, and accepts where it
 * cannot (so that a schema-only check is never stricter than the server).
 */
class SchemaAgreementTest {

    static List<ConfigCases.Invalid> invalid() {
        return ConfigCases.invalid();
    }

    static List<ConfigCases.Valid> valid() {
        return ConfigCases.valid();
    }

    @Test
    void schemaIsAValidDraft202012Schema() {
        assertEquals(List.of(), JsonSchemaCheck.validateSchemaAgainstMetaSchema());
    }

    @Test
    void schemaDeclaresDraft202012() {
        assertTrue(JsonSchemaCheck.schemaText().contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/minimal.json", "examples/two-rooms.json"})
    void examplesValidateAgainstTheSchema(String file) throws IOException {
        assertEquals(List.of(), JsonSchemaCheck.validate(Files.readString(Path.of(file))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void schemaAcceptsWhatTheLoaderAccepts(ConfigCases.Valid c) {
        assertEquals(List.of(), JsonSchemaCheck.validate(c.json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void schemaRejectsWhereItCanExpressTheRule(ConfigCases.Invalid c) {
        List<String> paths = JsonSchemaCheck.errorPaths(c.json());
        if (!c.schemaExpresses()) {
            assertEquals(List.of(), paths, "the schema cannot express this rule, so it must not reject for another reason");
            return;
        }
        assertFalse(paths.isEmpty(), "the schema accepted a config the loader rejects at " + c.path());
        // oneOf/if-then failures point at the enclosing object; anything at or above the loader's path agrees.
        assertTrue(paths.stream().anyMatch(p -> ConfigPaths.isWithin(c.path(), p)),
                () -> "schema errors " + paths + " are not at or above " + c.path());
    }
}
