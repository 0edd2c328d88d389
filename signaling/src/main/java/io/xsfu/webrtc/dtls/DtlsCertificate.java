package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The SFU's DTLS identity: an ECDSA P-256 key and a self-signed certificate (CN "xsfu", a random serial, valid
 * from a day before it was made, for clock skew, to 30 days after), made once at start and shared by every
 * transport. Peers trust it through its fingerprint in SDP, not through the certificate's own fields
 * (RFC 8827 §6.5), which is also why {@link #verifyPeer} checks a peer's certificate against the fingerprint its
 * SDP announced and nothing else.
 */
public final class DtlsCertificate {
    public static final String COMMON_NAME = "xsfu";
    public static final Duration VALIDITY = Duration.ofDays(30);
    static final Duration BACKDATE = Duration.ofDays(1);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final BcTlsCrypto crypto;
    private final Certificate chain;
    private final DtlsFingerprint sha256;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, SecureRandom random) {
        this.der = der;
        this.privateKey = privateKey;
        this.crypto = new BcTlsCrypto(random);
        try {
            this.chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
        } catch (IOException e) {
            throw new UncheckedIOException("BouncyCastle rejected the certificate it just made", e);
        }
        this.sha256 = DtlsFingerprint.of("sha-256", der);
    }

    /** A new key and certificate, valid from now. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Instant.now());
    }

    static DtlsCertificate generate(SecureRandom random, Instant now) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
                ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1)), random));
        AsymmetricCipherKeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + COMMON_NAME);
        // 63 random bits, never zero: positive and within RFC 5280's 20 octets.
        BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keys.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(der, keys.getPrivate(), random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the DTLS certificate", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the DTLS certificate", e);
        }
    }

    /** The SHA-256 fingerprint, as the SDP answer announces it. */
    public DtlsFingerprint fingerprint() {
        return sha256;
    }

    /** The fingerprint with another supported hash ("sha-1", "sha-384", "sha-512"...). */
    public DtlsFingerprint fingerprint(String algorithm) {
        return DtlsFingerprint.of(algorithm, der);
    }

    /** The certificate, DER-encoded. */
    public byte[] encoded() {
        return der.clone();
    }

    /**
     * Checks a peer's certificate chain (DER, end-entity first) against the fingerprints its SDP announced: the
     * end-entity certificate must match at least one of those with a supported hash (RFC 8122 §5; several may be
     * listed, e.g. one per certificate the peer might use). The message says what was expected and what came.
     */
    public static void verifyPeer(List<byte[]> chain, List<DtlsFingerprint> expected) throws CertificateException {
        if (chain.isEmpty()) {
            throw new CertificateException("the peer sent no certificate");
        }
        List<DtlsFingerprint> usable = expected.stream().filter(DtlsFingerprint::isSupported).toList();
        if (usable.isEmpty()) {
            throw new CertificateException("the remote SDP has no fingerprint with a supported hash: " + expected);
        }
        byte[] leaf = chain.getFirst();
        for (DtlsFingerprint f : usable) {
            if (f.matches(leaf)) {
                return;
            }
        }
        List<DtlsFingerprint> actual = new ArrayList<>();
        for (DtlsFingerprint f : usable) {
            actual.add(DtlsFingerprint.of(f.algorithm(), leaf));
        }
        throw new CertificateException("peer certificate fingerprint " + actual
                + " does not match the remote SDP's " + usable);
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    /** Our key and certificate for one handshake, signing with {@code algorithm}. */
    TlsCredentialedSigner signer(TlsContext context, SignatureAndHashAlgorithm algorithm) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, chain,
                algorithm);
    }

    @Override
    public String toString() {
        return "DtlsCertificate[CN=" + COMMON_NAME + ", " + sha256 + "]";
    }
}
