package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrtpKeysTest {
    @Test
    void profilesCarryTheirWireIdsAndLengths() {
        assertEquals(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES128_CM_HMAC_SHA1_32), SrtpProfile.PREFERENCE);
        assertEquals(0x0007, SrtpProfile.AEAD_AES_128_GCM.id());
        assertEquals(0x0001, SrtpProfile.AES128_CM_HMAC_SHA1_80.id());
        assertEquals(0x0002, SrtpProfile.AES128_CM_HMAC_SHA1_32.id());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(60, SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_32, SrtpProfile.fromId(2).orElseThrow());
        assertFalse(SrtpProfile.fromId(5).isPresent());
    }

    /** RFC 5764 §4.2: client key, server key, client salt, server salt; the server sends with the server's. */
    @Test
    void keyingMaterialIsSplitPerRole() {
        byte[] material = new byte[60];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        SrtpKeys server = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, DtlsRole.SERVER);
        SrtpKeys client = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, DtlsRole.CLIENT);
        HexFormat hex = HexFormat.of();
        assertEquals("000102030405060708090a0b0c0d0e0f", hex.formatHex(client.localKey()));
        assertEquals("101112131415161718191a1b1c1d1e1f", hex.formatHex(server.localKey()));
        assertEquals("202122232425262728292a2b2c2d", hex.formatHex(client.localSalt()));
        assertEquals("2e2f303132333435363738393a3b", hex.formatHex(server.localSalt()));
        assertArrayEquals(server.localKey(), client.remoteKey());
        assertArrayEquals(server.remoteSalt(), client.localSalt());
        assertEquals(0x0001, server.profile());
    }

    @Test
    void gcmSaltsAreTwelveBytes() {
        byte[] material = new byte[56];
        Arrays.fill(material, 0, 16, (byte) 1);
        Arrays.fill(material, 16, 32, (byte) 2);
        Arrays.fill(material, 32, 44, (byte) 3);
        Arrays.fill(material, 44, 56, (byte) 4);
        SrtpKeys server = SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, material, DtlsRole.SERVER);
        assertArrayEquals(filled(16, 2), server.localKey());
        assertArrayEquals(filled(12, 4), server.localSalt());
        assertArrayEquals(filled(16, 1), server.remoteKey());
        assertArrayEquals(filled(12, 3), server.remoteSalt());
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], DtlsRole.SERVER));
    }

    @Test
    void keysAreCopiedAndNeverPrinted() {
        byte[] key = filled(16, 0x41);
        SrtpKeys keys = new SrtpKeys(1, key, filled(14, 0x42), filled(16, 0x43), filled(14, 0x44));
        key[0] = 0;
        assertEquals(0x41, keys.localKey()[0]);
        keys.localKey()[1] = 0;
        assertEquals(0x41, keys.localKey()[1]);
        assertEquals("SrtpKeys[SRTP_AES128_CM_HMAC_SHA1_80, keys redacted]", keys.toString());
        assertEquals(keys, new SrtpKeys(1, filled(16, 0x41), filled(14, 0x42), filled(16, 0x43), filled(14, 0x44)));
    }

    @Test
    void lengthsMustFitTheProfile() {
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(7, new byte[16], new byte[14], new byte[16], new byte[12]), "GCM salt is 12");
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(9, new byte[16], new byte[14], new byte[16], new byte[14]), "unknown profile");
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpKeys(1, null, new byte[14], new byte[16], new byte[14]));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
