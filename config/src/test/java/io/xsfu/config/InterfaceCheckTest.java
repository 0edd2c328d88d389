package io.xsfu.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reads the interfaces of the test's own network namespace; sends nothing. */
class InterfaceCheckTest {
    private static final InterfaceCheck CHECK = new InterfaceCheck();

    private static XsfuConfig on(String interfaceName, String... addresses) {
        return XsfuConfig.of(MediaConfig.of(interfaceName, 40000, 40010, addresses));
    }

    @Test
    void loopbackCarriesItsAddress() {
        assertEquals(List.of(), CHECK.check(on("lo", "127.0.0.1")));
    }

    @Test
    void missingInterfaceIsReportedAtTheInterfacePath() {
        assertEquals(List.of(new ConfigError("$.media.interface", "no network interface named 'xsfu-none0' in this network namespace")),
                CHECK.check(on("xsfu-none0", "10.0.0.1")));
    }

    @Test
    void addressNotOnTheInterfaceIsReportedAtItsPath() {
        assertEquals(List.of(new ConfigError("$.media.addresses[1]", "192.0.2.99 is not assigned to interface 'lo'")),
                CHECK.check(on("lo", "127.0.0.1", "192.0.2.99")));
    }

    @Test
    void enforceCombinesChecksIntoOneException() {
        XsfuConfig good = on("lo", "127.0.0.1");
        assertSame(good, ConfigCheck.enforce(good, "host", CHECK));
        ConfigCheck portsFree = config -> List.of(new ConfigError(ConfigPaths.participantPort(0, 0), "port 40000 is in use"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigCheck.enforce(on("xsfu-none0", "10.0.0.1"), "host", CHECK, portsFree));
        assertEquals(List.of("$.media.interface", "$.rooms[0].participants[0].port"), e.errors().stream().map(ConfigError::path).toList());
    }
}
