package io.xsfu.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every loader rule, one config each: exactly one error, at the exact path, with a recognizable message. */
class ConfigRulesTest {

    static List<ConfigCases.Invalid> invalid() {
        return ConfigCases.invalid();
    }

    static List<ConfigCases.Valid> valid() {
        return ConfigCases.valid();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void reportsTheOneBrokenRule(ConfigCases.Invalid c) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(c.json(), "case.json"));
        assertEquals(1, e.errors().size(), () -> "expected exactly one error, got:\n" + e.getMessage());
        ConfigError error = e.errors().getFirst();
        assertEquals(c.path(), error.path(), error::toString);
        assertTrue(error.message().contains(c.message()), () -> "message '" + error.message() + "' lacks '" + c.message() + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsValidConfig(ConfigCases.Valid c) {
        XsfuConfig config = assertDoesNotThrow(() -> ConfigLoader.parse(c.json(), "case.json"));
        assertEquals(List.of(), config.validate(), "a loaded config re-validates clean");
    }
}
