package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtlsConfigTest {
    private static final DtlsConfig DEFAULTS = DtlsConfig.defaults(EndpointPair.SERVER_CERT);

    @Test
    void defaultsPreferGcmAndBoundTheHandshake() {
        assertEquals(SrtpProfile.PREFERENCE, DEFAULTS.profiles());
        assertEquals(Duration.ofSeconds(10), DEFAULTS.handshakeTimeout());
        assertEquals(1200, DEFAULTS.maxDatagramSize());
        assertTrue(DEFAULTS.threads().newThread(() -> { }).isVirtual());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withProfiles(List.of()));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withProfiles(
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM)));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withHandshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxDatagramSize(100));
        assertThrows(NullPointerException.class, () -> DtlsConfig.defaults(null));
    }
}
