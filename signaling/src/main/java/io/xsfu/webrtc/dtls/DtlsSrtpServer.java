package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * BouncyCastle's server side of one association: DTLS 1.2 only, our certificate, a client certificate required
 * (WebRTC authenticates both ends) and checked against the remote SDP's fingerprint, and use_srtp answered with
 * the profile {@link DtlsSrtpPolicy#choose} picks.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private final DtlsSrtpPolicy policy;

    DtlsSrtpServer(DtlsSrtpPolicy policy) {
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
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        policy.choose(TlsSRTPUtils.getUseSRTPExtension(clientExtensions));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {policy.selected().id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        policy.verifyPeer(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        SignatureAndHashAlgorithm algorithm =
                DtlsSrtpPolicy.ecdsaSignature(context.getSecurityParametersHandshake().getClientSigAlgs());
        if (algorithm == null) {
            throw policy.fail(AlertDescription.handshake_failure, "the client accepts no ECDSA signature");
        }
        return policy.config.certificate().signer(context, algorithm);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        policy.alertReceived(alertLevel, alertDescription);
    }
}
