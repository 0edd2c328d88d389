package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The tests' SRTP against RFC 3711's own test vectors, so that the interop test can trust it. */
class AesCmSrtpTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 3711 Appendix B.3. */
    @Test
    void keyDerivationMatchesTheRfc() {
        byte[] masterKey = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] masterSalt = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", HEX.formatHex(AesCmSrtp.derive(masterKey, masterSalt, 0, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", HEX.formatHex(AesCmSrtp.derive(masterKey, masterSalt, 2, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4",
                HEX.formatHex(AesCmSrtp.derive(masterKey, masterSalt, 1, 20)));
    }

    /** RFC 3711 Appendix B.2: the keystream for SSRC 0, index 0 is the ciphertext of a zero payload. */
    @Test
    void keystreamMatchesTheRfc() {
        AesCmSrtp srtp = AesCmSrtp.fromSessionKeys(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd"), new byte[20], 10);
        byte[] rtp = new byte[12 + 32];
        rtp[0] = (byte) 0x80;
        byte[] srtpPacket = srtp.protect(rtp, 0);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab",
                HEX.formatHex(srtpPacket, 12, 44));
    }

    @Test
    void protectThenUnprotectRoundTripsAndATamperedPacketFails() {
        AesCmSrtp srtp = new AesCmSrtp(new byte[16], new byte[14], 10);
        byte[] rtp = HEX.parseHex("80080001000000a011223344" + "d5".repeat(20));
        byte[] protectedPacket = srtp.protect(rtp, 0);
        assertEquals(rtp.length + 10, protectedPacket.length);
        assertArrayEquals(rtp, srtp.unprotect(protectedPacket, 0));
        assertNull(srtp.unprotect(protectedPacket, 1), "another rollover counter");
        protectedPacket[15] ^= 1;
        assertNull(srtp.unprotect(protectedPacket, 0));
    }
}
