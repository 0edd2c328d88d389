package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpParametersTest {
    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachDirectionIsAMasterKeyFollowedByItsSalt(SrtpProfile profile) {
        int k = profile.keyLength();
        int n = SrtpParameters.keyLength(profile);
        assertEquals(profile.aead() ? 28 : 30, n);
        byte[] receive = bytes(n, 1);
        byte[] send = bytes(n, 2);
        SrtpParameters p = new SrtpParameters(profile, receive, send);
        // The sender protects with the same master key and salt, split where the profile says.
        SrtpSession sender = new SrtpSession(profile, Arrays.copyOf(receive, k), Arrays.copyOfRange(receive, k, n));
        byte[] rtp = new byte[60];
        rtp[0] = (byte) 0x80;
        rtp[11] = 9;
        MemorySegment packet = MemorySegment.ofArray(Arrays.copyOf(rtp, 100));
        int protectedLength = sender.protectRtp(packet, 0, rtp.length, 100);
        assertEquals(rtp.length, p.inbound().unprotectRtp(packet, 0, protectedLength));
        assertEquals(-SrtpDrop.AUTH_FAILED, p.outbound().unprotectRtp(MemorySegment.ofArray(Arrays.copyOf(rtp, 100)), 0,
                protectedLength), "the send key is another key");
    }

    @Test
    void wrongLengthsAreRefusedAndArraysAreCopies() {
        SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
        assertThrows(IllegalArgumentException.class, () -> new SrtpParameters(gcm, bytes(30, 1), bytes(28, 2)));
        assertThrows(IllegalArgumentException.class, () -> new SrtpParameters(gcm, bytes(28, 1), bytes(16, 2)));
        byte[] receive = bytes(28, 1);
        SrtpParameters p = new SrtpParameters(gcm, receive, bytes(28, 2));
        receive[0] = 7;
        p.receiveKey()[0] = 7;
        assertEquals(1, p.receiveKey()[0]);
        assertEquals(new SrtpParameters(gcm, bytes(28, 1), bytes(28, 2)), p);
        assertEquals(new SrtpParameters(gcm, bytes(28, 1), bytes(28, 2)).hashCode(), p.hashCode());
        assertNotEquals(new SrtpParameters(gcm, bytes(28, 1), bytes(28, 3)), p);
    }

    @Test
    void printingShowsNoKey() {
        String s = new SrtpParameters(SrtpProfile.AES_CM_128_HMAC_SHA1_80, bytes(30, 0xAB), bytes(30, 0xCD)).toString();
        assertEquals("SrtpParameters[AES_CM_128_HMAC_SHA1_80, keys redacted]", s);
        assertFalse(s.toLowerCase().contains(HexFormat.of().formatHex(bytes(4, 0xAB))));
        assertTrue(s.contains("redacted"));
    }
}
