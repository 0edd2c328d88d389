package io.xsfu.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigPathsTest {

    @Test
    void buildsJsonPathLikeLocations() {
        assertEquals("$.rooms[0].participants[2].port", ConfigPaths.participantPort(0, 2));
        assertEquals("$.media.addresses[1]", ConfigPaths.mediaAddress(1));
        assertEquals("$.rooms[1].participants[0].producers[3]", ConfigPaths.producer(1, 0, 3));
        assertEquals("$['$schema']", ConfigPaths.field("$", "$schema"));
        assertEquals("$.media['port max']", ConfigPaths.field("$.media", "port max"));
        assertEquals("$['it\\'s']", ConfigPaths.field("$", "it's"));
    }

    @Test
    void signalingPathsAreTheFieldsTheReaderNames() {
        assertEquals(ConfigPaths.field(ConfigPaths.ROOT, "signaling"), ConfigPaths.SIGNALING);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING, "listen"), ConfigPaths.SIGNALING_LISTEN);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING_LISTEN, "address"), ConfigPaths.SIGNALING_LISTEN_ADDRESS);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING_LISTEN, "port"), ConfigPaths.SIGNALING_LISTEN_PORT);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING, "tokenKey"), ConfigPaths.SIGNALING_TOKEN_KEY);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING, "tokenKeyFile"), ConfigPaths.SIGNALING_TOKEN_KEY_FILE);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING, "tls"), ConfigPaths.SIGNALING_TLS);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING_TLS, "certificate"), ConfigPaths.SIGNALING_TLS_CERTIFICATE);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING_TLS, "privateKey"), ConfigPaths.SIGNALING_TLS_PRIVATE_KEY);
        assertEquals(ConfigPaths.field(ConfigPaths.SIGNALING, "limits"), ConfigPaths.SIGNALING_LIMITS);
    }

    @Test
    void withinRespectsSegmentBoundaries() {
        assertTrue(ConfigPaths.isWithin("$.rooms[1].id", "$.rooms[1]"));
        assertTrue(ConfigPaths.isWithin("$.rooms[1]", "$.rooms[1]"));
        assertTrue(ConfigPaths.isWithin("$.rooms[1]", "$"));
        assertFalse(ConfigPaths.isWithin("$.rooms[10]", "$.rooms[1]"));
        assertFalse(ConfigPaths.isWithin("$.media.portMinimum", "$.media.portMin"));
        assertFalse(ConfigPaths.isWithin("$.rooms", "$.rooms[1]"));
    }

    @Test
    void findsAParticipantsPathByIds() {
        XsfuConfig config = ConfigLoader.parse(TestConfigs.FULL, "full");
        assertEquals("$.rooms[0].participants[2]", ConfigPaths.participant(config, "demo", "carol"));
        assertThrows(IllegalArgumentException.class, () -> ConfigPaths.participant(config, "demo", "dave"));
        assertThrows(IllegalArgumentException.class, () -> ConfigPaths.participant(config, "other", "carol"));
        assertEquals("$.rooms[0].participants[0].producers[1]", ConfigPaths.producer(config, "demo", "alice", "mic"));
        assertThrows(IllegalArgumentException.class, () -> ConfigPaths.producer(config, "demo", "alice", "screen"));
        assertThrows(IllegalArgumentException.class, () -> ConfigPaths.producer(config, "demo", "dave", "mic"));
    }
}
