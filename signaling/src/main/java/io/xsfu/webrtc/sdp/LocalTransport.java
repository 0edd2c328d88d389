package io.xsfu.webrtc.sdp;

import java.util.List;

/**
 * The SFU side of one WebRTC transport, as the answer declares it.
 *
 * @param ice           the SFU's ufrag and pwd; {@code lite} writes {@code a=ice-lite}
 * @param candidates    the SFU's host UDP candidates; the first also gives the m-lines' port and {@code c=}
 * @param fingerprints  the hash of the SFU's DTLS certificate (sha-256)
 * @param preferredRole the role taken when the offer leaves the choice ({@code a=setup:actpass}); SERVER
 *                      (answer {@code passive}) is the usual one
 */
public record LocalTransport(IceParameters ice, List<Candidate> candidates, List<Fingerprint> fingerprints,
        DtlsRole preferredRole) {
    public LocalTransport {
        if (ice == null || preferredRole == null) {
            throw new IllegalArgumentException("a local transport needs ICE parameters and a DTLS role");
        }
        candidates = Syntax.list(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a local transport needs at least one candidate");
        }
        fingerprints = Syntax.list(fingerprints, "fingerprints");
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("a local transport needs its certificate's fingerprint");
        }
    }
}
