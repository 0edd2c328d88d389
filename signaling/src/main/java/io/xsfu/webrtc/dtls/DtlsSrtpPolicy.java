package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS-SRTP rules both ends of one association follow, and what the handshake learned: the profile negotiated,
 * the first reason it failed for, and whether the peer closed. Shared by {@link DtlsSrtpServer} and
 * {@link DtlsSrtpClient}, which only differ in which hook of BouncyCastle's peer calls what.
 */
final class DtlsSrtpPolicy {
    /** Chromium's and Firefox's certificates are ECDSA, so as a server only ECDHE-ECDSA with AES-GCM is needed. */
    private static final int[] SERVER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };
    /** As a client the server's certificate decides: RSA ones (GStreamer's, libwebrtc's old default) are accepted. */
    private static final int[] CLIENT_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    };
    /**
     * The first retransmission of a lost flight, doubling from there (to BouncyCastle's 60 s). RFC 6347's 1 s is
     * meant for bulk protocols; a call waits on this handshake, so WebRTC stacks start lower (libwebrtc: 50 ms).
     * A flight is a few small datagrams, so resending one early costs little.
     */
    static final int INITIAL_RESEND_MILLIS = 250;
    private static final short[] SIGNATURE_HASHES = {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512};

    final DtlsConfig config;
    final DtlsRole role;
    private final List<DtlsFingerprint> remoteFingerprints;
    private volatile SrtpProfile selected;
    private volatile String failure;
    private volatile boolean closeNotifyReceived;
    private volatile SrtpKeys keys;

    DtlsSrtpPolicy(DtlsConfig config, DtlsRole role, List<DtlsFingerprint> remoteFingerprints) {
        this.config = config;
        this.role = role;
        this.remoteFingerprints = List.copyOf(remoteFingerprints);
    }

    int[] cipherSuites() {
        return TlsUtils.getSupportedCipherSuites(config.certificate().crypto(),
                role == DtlsRole.SERVER ? SERVER_SUITES : CLIENT_SUITES);
    }

    /** The client's use_srtp: our profiles in preference order, no MKI. */
    UseSRTPData offer() {
        int[] ids = config.profiles().stream().mapToInt(SrtpProfile::id).toArray();
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /**
     * The server's choice: our most preferred profile among those offered. A client MKI is declined by answering
     * with none (RFC 5764 §4.1.1 lets the server do so); no use_srtp or no common profile fails the handshake.
     */
    SrtpProfile choose(UseSRTPData offered) throws TlsFatalAlert {
        if (offered == null) {
            throw fail(AlertDescription.handshake_failure, "the peer did not offer use_srtp (RFC 5764)");
        }
        List<Integer> ids = new ArrayList<>();
        for (int id : offered.getProtectionProfiles()) {
            ids.add(id);
        }
        for (SrtpProfile p : config.profiles()) {
            if (ids.contains(p.id())) {
                selected = p;
                return p;
            }
        }
        throw fail(AlertDescription.handshake_failure, "no common SRTP profile: the peer offered "
                + hexIds(offered.getProtectionProfiles()) + ", we accept " + config.profiles());
    }

    /** The server's answer must name exactly one profile we offered, and no MKI since we offered none. */
    SrtpProfile accept(UseSRTPData answer) throws TlsFatalAlert {
        if (answer == null) {
            throw fail(AlertDescription.handshake_failure, "the server did not negotiate use_srtp (RFC 5764)");
        }
        int[] ids = answer.getProtectionProfiles();
        if (ids.length != 1) {
            throw fail(AlertDescription.illegal_parameter, "the server's use_srtp names " + ids.length
                    + " profiles, not one");
        }
        if (answer.getMki().length != 0) {
            throw fail(AlertDescription.illegal_parameter, "the server's use_srtp has an MKI we did not offer");
        }
        SrtpProfile p = SrtpProfile.fromId(ids[0]).filter(config.profiles()::contains).orElse(null);
        if (p == null) {
            throw fail(AlertDescription.illegal_parameter, "the server chose SRTP profile " + hexIds(ids)
                    + ", which we did not offer");
        }
        selected = p;
        return p;
    }

    /** The peer's certificate must be the one its SDP's fingerprint names: that is all WebRTC's trust rests on. */
    void verifyPeer(Certificate chain) throws IOException {
        List<byte[]> ders = new ArrayList<>();
        for (int i = 0; i < chain.getLength(); i++) {
            ders.add(chain.getCertificateAt(i).getEncoded());
        }
        try {
            DtlsCertificate.verifyPeer(ders, remoteFingerprints);
        } catch (CertificateException e) {
            throw fail(chain.isEmpty() ? AlertDescription.handshake_failure : AlertDescription.bad_certificate,
                    e.getMessage());
        }
    }

    /**
     * The signature our P-256 key makes: ECDSA with the first of SHA-256/384/512 the peer accepts; SHA-1 when it
     * sent no list (TLS 1.2's default, RFC 5246 §7.4.1.4.1); null when it accepts no ECDSA at all.
     */
    static SignatureAndHashAlgorithm ecdsaSignature(Vector<?> peerAlgorithms) {
        if (peerAlgorithms == null) {
            return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }
        for (short hash : SIGNATURE_HASHES) {
            SignatureAndHashAlgorithm a = SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa);
            if (peerAlgorithms.contains(a)) {
                return a;
            }
        }
        return null;
    }

    /** RFC 5764 §4.2: the keying material exported once the handshake is complete, split for our role. */
    void exportKeys(TlsContext context) {
        SrtpProfile p = selected;
        if (p == null) {
            throw new IllegalStateException("handshake completed without an SRTP profile");
        }
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, p.keyingMaterialLength());
        try {
            keys = SrtpKeys.fromKeyingMaterial(p, material, role);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    TlsFatalAlert fail(short alert, String reason) {
        if (failure == null) {
            failure = reason;
        }
        return new TlsFatalAlert(alert, reason);
    }

    void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        } else if (level == AlertLevel.fatal && failure == null) {
            failure = "the peer sent a fatal alert: " + AlertDescription.getText(description);
        }
    }

    /** Why the handshake failed, in our words, or null when nothing we checked failed. */
    String failure() {
        return failure;
    }

    boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** The exported keys, once the handshake completed. */
    SrtpKeys keys() {
        return keys;
    }

    SrtpProfile selected() {
        return selected;
    }

    private static String hexIds(int[] ids) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("0x%04x", ids[i]));
        }
        return s.append(']').toString();
    }
}
