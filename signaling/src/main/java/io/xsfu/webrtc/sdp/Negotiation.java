package io.xsfu.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * What {@link OfferAnswer} decided: the answer to send back and what the SFU needs to run the transport.
 *
 * @param remoteIce          the client's ufrag and pwd (Binding requests to the SFU carry
 *                           {@code <SFU ufrag>:<client ufrag>})
 * @param remoteFingerprints the client's certificate fingerprints: the certificate DTLS receives must match one
 * @param dtlsRole           the role the SFU takes
 * @param media              the accepted m-lines, in order
 * @param rejected           the m-lines answered with port 0, and why
 * @param unplaced           streams the caller placed that the answer does not carry (their m-line was rejected
 *                           or the client offered no payload type for their codec), and why
 */
public record Negotiation(Sdp answer, IceParameters remoteIce, List<Fingerprint> remoteFingerprints,
        DtlsRole dtlsRole, List<NegotiatedMedia> media, List<Rejection> rejected, List<Rejection> unplaced) {
    public Negotiation {
        remoteFingerprints = List.copyOf(remoteFingerprints);
        media = List.copyOf(media);
        rejected = List.copyOf(rejected);
        unplaced = List.copyOf(unplaced);
    }

    /** The answer's text. */
    public String answerSdp() {
        return answer.write();
    }

    /** The client's first fingerprint (browsers give one, sha-256). */
    public Fingerprint remoteFingerprint() {
        return remoteFingerprints.getFirst();
    }

    public Optional<NegotiatedMedia> media(String mid) {
        return media.stream().filter(m -> m.mid().equals(mid)).findFirst();
    }
}
