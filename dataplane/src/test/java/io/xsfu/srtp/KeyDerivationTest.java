package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 3711 Appendix B.3, including the whole 94-byte authentication key the RFC tabulates. */
    @Test
    void rfc3711AppendixB3() {
        byte[] key = HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] salt = HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6");
        assertHex("C61E7A93744F39EE10734AFE3FF7A087", KeyDerivation.derive(key, salt, KeyDerivation.RTP_ENCRYPTION, 16));
        assertHex("30CBBC08863D8C85D49DB34A9AE1", KeyDerivation.derive(key, salt, KeyDerivation.RTP_SALT, 14));
        assertHex("CEBE321F6FF7716B6FD4AB49AF256A15" + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                + "E049646C43D9327AD175578EF7227098" + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                + "6D6E919A48B610EF17C2041E47403576" + "6B68642C59BBFC2F34DB60DBDFB2",
                KeyDerivation.derive(key, salt, KeyDerivation.RTP_AUTHENTICATION, 94));
    }

    /**
     * RFC 7714 §12 keeps the AES-CM PRF for GCM with a 12-byte master salt; these session keys are the ones
     * RFC 9335 Appendix A.2 lists for libsrtp's GCM test key (master key 00..0f, master salt a0..ab).
     */
    @Test
    void gcmTwelveByteMasterSalt() {
        SessionKeys k = SessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, HEX.parseHex("000102030405060708090a0b0c0d0e0f"),
                HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab"));
        assertHex("077c6143cb221bc355ff23d5f984a16e", k.rtpKey());
        assertHex("9af3e95364ebac9c99c5a7c4", k.rtpSalt());
        assertHex("615dcd9042600666f6fd4d9e4fe4519f", k.rtcpKey());
        assertHex("fcca937b9112a500dac72269", k.rtcpSalt());
        assertEquals(0, k.rtpAuthKey().length, "GCM has no HMAC key");
    }

    @Test
    void everyLabelGivesADifferentKeyOfTheProfilesLengths() {
        SessionKeys k = SessionKeys.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_32, new byte[16], new byte[14]);
        assertEquals(16, k.rtcpKey().length);
        assertEquals(14, k.rtcpSalt().length);
        assertEquals(20, k.rtcpAuthKey().length);
        assertEquals(6, java.util.stream.Stream.of(HEX.formatHex(k.rtpKey()), HEX.formatHex(k.rtpSalt()),
                HEX.formatHex(k.rtpAuthKey()), HEX.formatHex(k.rtcpKey()), HEX.formatHex(k.rtcpSalt()),
                HEX.formatHex(k.rtcpAuthKey())).map(h -> h.substring(0, 24)).distinct().count());
    }

    @Test
    void masterKeyAndSaltMustHaveTheProfilesLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[12]));
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[14]));
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, new byte[32], new byte[12]));
    }

    private static void assertHex(String expected, byte[] actual) {
        assertArrayEquals(HEX.parseHex(expected.toLowerCase()), actual, () -> HEX.formatHex(actual));
    }
}
