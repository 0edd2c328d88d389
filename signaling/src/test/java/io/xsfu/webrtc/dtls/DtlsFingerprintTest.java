package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    private static final byte[] DER = "not really a certificate".getBytes(StandardCharsets.US_ASCII);

    @Test
    void formatsAsSdpDoes() {
        // sha256sum of the bytes above, as the SDP writes it.
        DtlsFingerprint f = DtlsFingerprint.of("SHA-256", DER);
        assertEquals("sha-256", f.algorithm());
        assertEquals(32 * 3 - 1, f.value().length());
        assertTrue(f.value().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), f.value());
        assertEquals("sha-256 " + f.value(), f.toSdp());
        assertEquals(java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(DER)), f.value());
    }

    @Test
    void parsesTheAttributeValueWhateverTheCase() {
        DtlsFingerprint f = DtlsFingerprint.of("sha-256", DER);
        DtlsFingerprint parsed = DtlsFingerprint.parse("  SHA-256   " + f.value().toLowerCase() + " ");
        assertEquals(f, parsed);
        assertTrue(parsed.matches(DER));
    }

    @Test
    void everySupportedHashMatchesOnlyItsCertificate() {
        for (String algorithm : new String[] {"sha-1", "sha-224", "sha-256", "sha-384", "sha-512"}) {
            DtlsFingerprint f = DtlsFingerprint.of(algorithm, DER);
            assertTrue(f.isSupported());
            assertTrue(f.matches(DER), algorithm);
            assertFalse(f.matches("another".getBytes(StandardCharsets.US_ASCII)), algorithm);
        }
    }

    @Test
    void anUnknownHashParsesButNeverMatches() {
        DtlsFingerprint md5 = DtlsFingerprint.parse("md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
        assertFalse(md5.isSupported());
        assertFalse(md5.matches(DER));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.of("md5", DER));
    }

    @Test
    void malformedValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 AB:CD extra"));
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("sha-256", "AB:CD"), "too short");
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("sha-1", "ABCD"));
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("sha-1", "AB:C"));
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("sha 1", "AB"));
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("x", ""));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
