package io.xsfu.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Any valid config survives the trip to JSON and back unchanged, and its JSON satisfies the schema. */
class ConfigWriterProperties {

    @Provide
    Arbitrary<XsfuConfig> configs() {
        return Arbitraries.randomValue(RandomConfigs::next);
    }

    @Property(tries = 300)
    void generatedConfigsAreValid(@ForAll("configs") XsfuConfig config) {
        assertEquals(List.of(), config.validate());
    }

    @Property(tries = 300)
    void roundTripsThroughJson(@ForAll("configs") XsfuConfig config) {
        assertEquals(config, ConfigLoader.parse(ConfigWriter.toJson(config), "generated"));
    }

    @Property(tries = 300)
    void writtenJsonSatisfiesTheSchema(@ForAll("configs") XsfuConfig config) {
        assertEquals(List.of(), JsonSchemaCheck.validate(ConfigWriter.toJson(config)));
    }
}
