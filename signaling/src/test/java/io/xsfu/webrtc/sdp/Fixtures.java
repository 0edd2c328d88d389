package io.xsfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

/** The SFU side used by the answerer tests. */
final class Fixtures {
    static final IceParameters SFU_ICE = new IceParameters("xsfu", "0123456789abcdefABCDEF", true);
    static final Fingerprint SFU_FINGERPRINT = new Fingerprint("sha-256",
            "0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9");
    static final Candidate SFU_CANDIDATE = Candidate.host("1", 2130706431L, "192.0.2.10", 40000);
    static final LocalTransport TRANSPORT = transport(DtlsRole.SERVER);
    static final long SESSION_ID = 4242;

    /** Bob's microphone and camera, as consumers placed on a subscriber's m-lines. */
    static final LocalStream BOB_MIC = new LocalStream(268435457L, OptionalLong.empty(), "bobcname", "bob",
            "bob-mic", CodecSpec.OPUS);
    static final LocalStream BOB_CAM = new LocalStream(268435458L, OptionalLong.of(268435459L), "bobcname", "bob",
            "bob-cam", CodecSpec.VP8);

    private Fixtures() {}

    static LocalTransport transport(DtlsRole role) {
        return new LocalTransport(SFU_ICE, List.of(SFU_CANDIDATE), List.of(SFU_FINGERPRINT), role);
    }

    static OfferAnswer answerer() {
        return new OfferAnswer(TRANSPORT, Capabilities.DEFAULT, SESSION_ID);
    }

    static OfferAnswer answerer(Capabilities capabilities) {
        return new OfferAnswer(TRANSPORT, capabilities, SESSION_ID);
    }

    /** {@code text} with {@code from} replaced; fails if {@code from} is not there, so an edit cannot go stale. */
    static String edit(String text, String from, String to) {
        assertTrue(text.contains(from), "the offer has no " + from);
        return text.replace(from, to);
    }
}
