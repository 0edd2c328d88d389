package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();

    @Test
    void isASelfSignedEcdsaP256CertificateForXsfu() throws Exception {
        X509Certificate x509 = x509(CERT.encoded());
        assertEquals("CN=xsfu", x509.getSubjectX500Principal().getName());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        ECPublicKey key = (ECPublicKey) x509.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertTrue(key.getParams().toString().contains("secp256r1"), key.getParams().toString());
        x509.verify(key); // signed by its own key
        assertEquals(1, x509.getSerialNumber().signum());
    }

    @Test
    void isValidForThirtyDaysFromNow() throws Exception {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        X509Certificate x509 = x509(DtlsCertificate.generate(new SecureRandom(), now).encoded());
        assertEquals(now.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), x509.getNotAfter().toInstant());
        assertEquals(now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS), x509.getNotBefore().toInstant());
        x509.checkValidity(java.util.Date.from(now));
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerial() throws Exception {
        X509Certificate other = x509(DtlsCertificate.generate().encoded());
        X509Certificate mine = x509(CERT.encoded());
        assertNotEquals(mine.getSerialNumber(), other.getSerialNumber());
        assertNotEquals(mine.getPublicKey(), other.getPublicKey());
        assertNotEquals(CERT.fingerprint(), DtlsCertificate.generate().fingerprint());
    }

    @Test
    void theFingerprintIsTheSha256OfTheDer() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CERT.encoded());
        assertEquals("sha-256", CERT.fingerprint().algorithm());
        assertArrayEquals(digest, HexFormat.ofDelimiter(":").parseHex(CERT.fingerprint().value()));
        assertEquals(CERT.fingerprint(), CERT.fingerprint("sha-256"));
        assertTrue(CERT.fingerprint("sha-512").matches(CERT.encoded()));
    }

    @Test
    void aPeerChainIsCheckedAgainstItsEndEntity() {
        DtlsCertificate other = DtlsCertificate.generate();
        List<byte[]> chain = List.of(CERT.encoded(), other.encoded());
        assertDoesNotThrow(() -> DtlsCertificate.verifyPeer(chain, List.of(CERT.fingerprint())));
        assertDoesNotThrow(() -> DtlsCertificate.verifyPeer(chain, List.of(CERT.fingerprint("sha-1"))));
        assertDoesNotThrow(() -> DtlsCertificate.verifyPeer(chain, List.of(CERT.fingerprint("sha-384"))));
        assertDoesNotThrow(() -> DtlsCertificate.verifyPeer(chain,
                List.of(other.fingerprint(), CERT.fingerprint("sha-512"))), "one match among several is enough");
        CertificateException e = assertThrows(CertificateException.class,
                () -> DtlsCertificate.verifyPeer(chain, List.of(other.fingerprint())), "only the end entity counts");
        assertTrue(e.getMessage().contains(CERT.fingerprint().value()), e.getMessage());
        assertTrue(e.getMessage().contains(other.fingerprint().value()), e.getMessage());
    }

    @Test
    void noCertificateOrNoUsableFingerprintFails() {
        CertificateException none = assertThrows(CertificateException.class,
                () -> DtlsCertificate.verifyPeer(List.of(), List.of(CERT.fingerprint())));
        assertTrue(none.getMessage().contains("no certificate"), none.getMessage());
        DtlsFingerprint md5 = new DtlsFingerprint("md5", "00:11");
        CertificateException unusable = assertThrows(CertificateException.class,
                () -> DtlsCertificate.verifyPeer(List.of(CERT.encoded()), List.of(md5)));
        assertTrue(unusable.getMessage().contains("supported hash"), unusable.getMessage());
        assertThrows(CertificateException.class, () -> DtlsCertificate.verifyPeer(List.of(CERT.encoded()), List.of()));
    }

    private static X509Certificate x509(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
