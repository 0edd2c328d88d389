package io.xsfu.config;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shipped JSON Schema, as an independent validator (networknt) would apply it. Formats (ipv4,
 * ipv6) are asserted, as editors and CLI validators commonly do.
 */
final class JsonSchemaCheck {
    static final String RESOURCE = "/io/xsfu/config/xsfu.schema.json";
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_PATH)
                    .build()));
    private static final Schema SCHEMA = REGISTRY.getSchema(schemaText(), InputFormat.JSON);

    private JsonSchemaCheck() {
    }

    static String schemaText() {
        try (InputStream in = JsonSchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the pom should package it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Error> validate(String json) {
        return SCHEMA.validate(json, InputFormat.JSON);
    }

    /** The schema's errors as paths in our notation: the location, plus the property for required/additionalProperties. */
    static List<String> errorPaths(String json) {
        return validate(json).stream().map(JsonSchemaCheck::path).toList();
    }

    private static String path(Error error) {
        String location = error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        if (error.getProperty() != null && ("required".equals(keyword) || "additionalProperties".equals(keyword))) {
            return ConfigPaths.field(location, error.getProperty());
        }
        return location;
    }

    /** Errors of the schema document itself against the draft 2020-12 meta-schema. */
    static List<Error> validateSchemaAgainstMetaSchema() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(META_SCHEMA));
        return meta.validate(schemaText(), InputFormat.JSON);
    }
}
