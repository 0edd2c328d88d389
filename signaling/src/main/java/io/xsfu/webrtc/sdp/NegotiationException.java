package io.xsfu.webrtc.sdp;

/**
 * An offer {@link OfferAnswer} cannot answer at all: inconsistent (two m-lines with one mid), without what
 * ICE and DTLS need (ufrag, pwd, fingerprint), or asking for what xsfu cannot do. An m-line xsfu merely does
 * not support is not an error: it is rejected in the answer (port 0) and listed in
 * {@link Negotiation#rejected()}. No stack trace: it describes the offer.
 */
public final class NegotiationException extends RuntimeException {
    public NegotiationException(String reason) {
        super(reason, null, false, false);
    }
}
