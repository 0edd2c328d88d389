package io.xsfu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SignalingConfigTest {
    private static final String KEY = "config-test-key-0123456789-0123456789";

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreValidAndTheKeyIsNeverPrinted() {
        SignalingConfig config = SignalingConfig.defaults(KEY);
        assertFalse(config.tls());
        assertEquals(8080, config.port());
        assertFalse(config.toString().contains(KEY));
        assertTrue(config.withTls(Path.of("c.pem"), Path.of("k.pem")).tls());
    }

    @Test
    void everyLimitIsChecked() {
        SignalingConfig d = SignalingConfig.defaults(KEY);
        assertTrue(refusal(() -> SignalingConfig.defaults("short")).startsWith("tokenKey"));
        assertTrue(refusal(() -> d.withListen("localhost", 80)).startsWith("bindAddress"));
        assertTrue(refusal(() -> d.withListen("::", 65536)).startsWith("port"));
        assertTrue(refusal(() -> d.withMaxMessageBytes(100)).startsWith("maxMessageBytes"));
        assertTrue(refusal(() -> d.withRequestsPerSecond(0)).startsWith("requestsPerSecond"));
        assertTrue(refusal(() -> d.withLimits(0, 1)).startsWith("maxParticipantsPerRoom"));
        assertTrue(refusal(() -> d.withLimits(1, 0)).startsWith("maxRooms"));
        assertTrue(refusal(() -> d.withGracePeriodSeconds(-1)).startsWith("gracePeriodSeconds"));
        assertTrue(refusal(() -> d.withStatsIntervalSeconds(3601)).startsWith("statsIntervalSeconds"));
        assertTrue(refusal(() -> d.withTls(Path.of("c.pem"), null)).startsWith("tlsCertificate and tlsPrivateKey"));
    }
}
