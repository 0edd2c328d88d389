package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;

/**
 * BouncyCastle's client side of one association: DTLS 1.2 only, use_srtp offered with our profiles, the server's
 * certificate checked against the remote SDP's fingerprint, and our certificate sent when asked (always, in WebRTC).
 */
final class DtlsSrtpClient extends DefaultTlsClient {
    private final DtlsSrtpPolicy policy;

    DtlsSrtpClient(DtlsSrtpPolicy policy) {
        super(policy.config.certificate().crypto());
        this.policy = policy;
    }

    /** BouncyCastle allows the export only here, while the handshake's secrets are still held. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        policy.exportKeys(context);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return policy.cipherSuites();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) policy.config.handshakeTimeout().toMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return DtlsSrtpPolicy.INITIAL_RESEND_MILLIS;
    }

    /** The peer's self-signature is meaningless here (its fingerprint is the trust), so its algorithm is too. */
    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        return false;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, policy.offer());
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        policy.accept(answer);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                policy.verifyPeer(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                SignatureAndHashAlgorithm algorithm =
                        DtlsSrtpPolicy.ecdsaSignature(request.getSupportedSignatureAlgorithms());
                boolean ecdsaAllowed = false;
                for (short type : request.getCertificateTypes()) {
                    ecdsaAllowed |= type == ClientCertificateType.ecdsa_sign;
                }
                // No credentials sends an empty Certificate: the server then fails with its own clear alert.
                return algorithm == null || !ecdsaAllowed ? null
                        : policy.config.certificate().signer(context, algorithm);
            }
        };
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        policy.alertReceived(alertLevel, alertDescription);
    }
}
