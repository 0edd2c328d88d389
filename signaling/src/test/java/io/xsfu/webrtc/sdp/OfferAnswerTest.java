package io.xsfu.webrtc.sdp;

import static io.xsfu.webrtc.sdp.Fixtures.BOB_CAM;
import static io.xsfu.webrtc.sdp.Fixtures.BOB_MIC;
import static io.xsfu.webrtc.sdp.Fixtures.answerer;
import static io.xsfu.webrtc.sdp.Fixtures.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Codec;
import io.xsfu.config.HeaderExtension;
import io.xsfu.config.MediaKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OfferAnswerTest {
    /**
     * The answer to Chromium's publish-and-subscribe offer with Bob's microphone and camera placed on the
     * receive-only m-lines. Checked by hand, and accepted by Chromium 156's setRemoteDescription (the offer's
     * transceivers then report sendonly, sendonly, recvonly, recvonly and fire ontrack with stream "bob").
     */
    private static final String SIMULCAST_ANSWER = ChromiumOffers.crlf("""
v=0
o=- 4242 1 IN IP4 127.0.0.1
s=-
t=0 0
a=ice-lite
a=group:BUNDLE 0 1 2 3
a=msid-semantic: WMS bob
m=audio 40000 UDP/TLS/RTP/SAVPF 111
c=IN IP4 192.0.2.10
a=mid:0
a=ice-ufrag:xsfu
a=ice-pwd:0123456789abcdefABCDEF
a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
a=setup:passive
a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host
a=end-of-candidates
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
m=video 40000 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 192.0.2.10
a=mid:1
a=ice-ufrag:xsfu
a=ice-pwd:0123456789abcdefABCDEF
a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
a=setup:passive
a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host
a=end-of-candidates
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:13 urn:3gpp:video-orientation
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=recvonly
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
m=audio 40000 UDP/TLS/RTP/SAVPF 111
c=IN IP4 192.0.2.10
a=mid:2
a=ice-ufrag:xsfu
a=ice-pwd:0123456789abcdefABCDEF
a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
a=setup:passive
a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host
a=end-of-candidates
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=sendonly
a=msid:bob bob-mic
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=ssrc:268435457 cname:bobcname
a=ssrc:268435457 msid:bob bob-mic
m=video 40000 UDP/TLS/RTP/SAVPF 96 97
c=IN IP4 192.0.2.10
a=mid:3
a=ice-ufrag:xsfu
a=ice-pwd:0123456789abcdefABCDEF
a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9
a=setup:passive
a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host
a=end-of-candidates
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:13 urn:3gpp:video-orientation
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=sendonly
a=msid:bob bob-cam
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=ssrc-group:FID 268435458 268435459
a=ssrc:268435458 cname:bobcname
a=ssrc:268435458 msid:bob bob-cam
a=ssrc:268435459 cname:bobcname
a=ssrc:268435459 msid:bob bob-cam
""");

    private static final Map<String, LocalStream> BOB_ON_2_AND_3 = Map.of("2", BOB_MIC, "3", BOB_CAM);

    private static Negotiation answer(String offer) {
        return answerer().answer(offer, Map.of(), 1);
    }

    private static NegotiationException refused(String offer, Map<String, LocalStream> streams) {
        return assertThrows(NegotiationException.class, () -> answerer().answer(offer, streams, 1));
    }

    @Test
    void publishAndSubscribeAnswerText() {
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, BOB_ON_2_AND_3, 1);
        assertEquals(SIMULCAST_ANSWER, n.answerSdp());
        assertEquals(n.answer(), SdpParser.parse(n.answerSdp()), "the answer reads back as built");
    }

    @Test
    void publishAndSubscribeResult() {
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, BOB_ON_2_AND_3, 1);
        assertEquals(new IceParameters("H6Xw", "hjG+zHeRSVp2UOOacjrd4MOk", false), n.remoteIce());
        assertEquals(new Fingerprint("sha-256", "6F:6A:6A:81:88:38:8A:F2:E4:2B:2B:D1:6D:AE:13:91:B9:7C:4C:63:ED:67:26:"
                + "B6:B8:1E:E4:D2:09:D8:5A:76"), n.remoteFingerprint());
        assertEquals(DtlsRole.SERVER, n.dtlsRole());
        assertEquals(List.of(), n.rejected());
        assertEquals(List.of(), n.unplaced());
        assertEquals(List.of("0", "1", "2", "3"), n.media().stream().map(NegotiatedMedia::mid).toList());

        NegotiatedMedia mic = n.media("0").orElseThrow();
        assertEquals(MediaKind.AUDIO, mic.kind());
        assertEquals(Direction.RECVONLY, mic.direction());
        assertTrue(mic.receives());
        assertFalse(mic.sends());
        assertEquals(new NegotiatedCodec(Codec.OPUS, 111, 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"),
                OptionalInt.empty(), List.of("transport-cc")), mic.codec());
        assertEquals(List.of(new RemoteSsrc(907115167L, OptionalLong.empty(), "shnQLhDaB261RUg2")), mic.remoteSsrcs());
        assertEquals(Optional.of(new Msid("41ac0af5-d44b-4f71-9d83-b64e5fd0ee7a", "05ec7d3f-37b9-452f-a8f9-75a5a83f51d2")),
                mic.remoteMsid());
        assertEquals(Optional.of(1), mic.extensionId(HeaderExtension.SSRC_AUDIO_LEVEL.uri()));
        assertTrue(mic.rtcpReducedSize());

        NegotiatedMedia cam = n.media("1").orElseThrow();
        assertEquals(new NegotiatedCodec(Codec.VP8, 96, 90000, 0, Map.of(), OptionalInt.of(97),
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")), cam.codec());
        assertEquals(List.of(2, 13, 3, 4, 10, 11), List.copyOf(cam.extensions().values()),
                "toffset, playout-delay, video-content-type... are not supported: dropped");
        assertEquals(Optional.empty(), cam.extensionId(HeaderExtension.TOFFSET.uri()));
        assertEquals(List.of(), cam.remoteSsrcs(), "rid simulcast: SSRCs come with the packets");
        assertEquals(List.of("q", "h", "f"), cam.rids().stream().map(Rid::id).toList());
        assertEquals(List.of("q", "h", "f"), cam.simulcast().orElseThrow().sendRids());
        assertEquals(List.of(), cam.simulcastGroups());

        NegotiatedMedia bobMic = n.media("2").orElseThrow();
        assertEquals(Direction.SENDONLY, bobMic.direction());
        assertEquals(Optional.of(BOB_MIC), bobMic.sending());
        assertEquals(List.of(), bobMic.remoteSsrcs());
        NegotiatedMedia bobCam = n.media("3").orElseThrow();
        assertEquals(Optional.of(BOB_CAM), bobCam.sending());
        assertEquals(OptionalInt.of(97), bobCam.codec().rtxPayloadType());
    }

    @Test
    void receiveOnlyWithoutAStreamIsInactive() {
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, Map.of("3", BOB_CAM), 1);
        NegotiatedMedia idle = n.media("2").orElseThrow();
        assertEquals(Direction.INACTIVE, idle.direction());
        assertEquals(Optional.empty(), idle.sending());
        assertEquals(Codec.OPUS, idle.codec().codec(), "an inactive m-line still names a codec");
        MediaSection section = n.answer().media(("2")).orElseThrow();
        assertEquals(Optional.of(Direction.INACTIVE), section.direction());
        assertEquals(List.of(), section.ssrcAttributes());
        assertEquals(List.of(), section.all(Msid.class));
        assertEquals(new MsidSemantic("WMS", List.of("bob")), n.answer().first(MsidSemantic.class).orElseThrow());
    }

    @Test
    void sendrecvOfferIsReceivedAndSentWhenAStreamIsPlaced() {
        Negotiation n = answerer().answer(ChromiumOffers.SENDRECV, Map.of("1", BOB_CAM), 1);
        assertEquals(Direction.RECVONLY, n.media("0").orElseThrow().direction(), "no stream: the SFU only receives");
        NegotiatedMedia video = n.media("1").orElseThrow();
        assertEquals(Direction.SENDRECV, video.direction());
        assertEquals(List.of(new RemoteSsrc(2320841743L, OptionalLong.of(226408858L), "xVRg9aiNddotcjK4")),
                video.remoteSsrcs(), "the media SSRC with its RTX from a=ssrc-group:FID");
        assertEquals(Optional.of(BOB_CAM), video.sending());
        MediaSection section = n.answer().media("1").orElseThrow();
        assertEquals(List.of(new SsrcGroup("FID", List.of(268435458L, 268435459L))), section.ssrcGroups());
    }

    @Test
    void sendonlyOfferIsAnsweredRecvonlyWithItsSsrcs() {
        Negotiation n = answer(ChromiumOffers.GATHERED);
        NegotiatedMedia video = n.media().getFirst();
        assertEquals(Direction.RECVONLY, video.direction());
        assertEquals(List.of(new RemoteSsrc(481511845L, OptionalLong.of(1759605777L), "/EgKYBSdMaGuOC2V")),
                video.remoteSsrcs());
        assertEquals(new IceParameters("OWG5", "rkapib8u18WW61nIz7M2whgZ", false), n.remoteIce());
    }

    @Test
    void iceAndDtlsOfTheSfuInEveryAcceptedMline() {
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, BOB_ON_2_AND_3, 1);
        assertTrue(n.answer().iceLite());
        for (MediaSection section : n.answer().media()) {
            assertEquals(40000, section.port(), "the first candidate's port");
            assertEquals(Connection.of("192.0.2.10"), section.connection());
            assertEquals(Optional.of("xsfu"), section.value(Attribute.ICE_UFRAG));
            assertEquals(Optional.of("0123456789abcdefABCDEF"), section.value(Attribute.ICE_PWD));
            assertEquals(List.of(Fixtures.SFU_FINGERPRINT), section.all(Fingerprint.class));
            assertEquals(List.of(Fixtures.SFU_CANDIDATE), section.candidates());
            assertTrue(section.has(Attribute.END_OF_CANDIDATES));
            assertTrue(section.has(Attribute.RTCP_MUX));
        }
        assertEquals(Origin.of(Fixtures.SESSION_ID, 1), n.answer().origin());
        assertEquals("7", answerer().answer(ChromiumOffers.SIMULCAST, Map.of(), 7).answer().origin().sessionVersion());
    }

    @Test
    void ipv6CandidateGivesAnIp6Connection() {
        LocalTransport v6 = new LocalTransport(Fixtures.SFU_ICE, List.of(Candidate.host("1", 1, "2001:db8::10", 40002)),
                List.of(Fixtures.SFU_FINGERPRINT), DtlsRole.SERVER);
        MediaSection section = new OfferAnswer(v6, Capabilities.DEFAULT, 1).answer(ChromiumOffers.GATHERED, Map.of(), 1)
                .answer().media().getFirst();
        assertEquals(new Connection("IN", "IP6", "2001:db8::10"), section.connection());
        assertEquals(40002, section.port());
    }

    @ParameterizedTest
    @CsvSource({
        "actpass, SERVER, SERVER, passive",
        "actpass, CLIENT, CLIENT, active",
        "active,  CLIENT, SERVER, passive",
        "passive, SERVER, CLIENT, active",
        ",        CLIENT, SERVER, passive",
    })
    void dtlsRole(String offered, DtlsRole preferred, DtlsRole taken, String answered) {
        String offer = ChromiumOffers.GATHERED.replace("a=setup:actpass\r\n", offered == null ? "" : "a=setup:" + offered
                + "\r\n");
        Negotiation n = new OfferAnswer(Fixtures.transport(preferred), Capabilities.DEFAULT, 1).answer(offer, Map.of(), 1);
        assertEquals(taken, n.dtlsRole());
        assertEquals(Optional.of(answered), n.answer().media().getFirst().value("setup"));
    }

    @Test
    void holdconnIsRefused() {
        NegotiationException e = refused(edit(ChromiumOffers.GATHERED, "a=setup:actpass", "a=setup:holdconn"), Map.of());
        assertTrue(e.getMessage().contains("holdconn"), e.getMessage());
    }

    @Test
    void mlineWithoutRtcpMuxIsRejectedWithPortZero() {
        String offer = ChromiumOffers.SENDRECV.replaceFirst("a=rtcp-mux\r\n", "");
        Negotiation n = answer(offer);
        assertEquals(List.of(new Rejection(0, "0", "it has no a=rtcp-mux (xsfu needs RTP and RTCP on one port)")),
                n.rejected());
        MediaSection rejected = n.answer().media().getFirst();
        assertEquals(0, rejected.port());
        assertEquals(List.of("111"), rejected.formats());
        assertEquals(List.of(PlainAttribute.of("mid", "0")), rejected.attributes());
        assertEquals(Optional.of(Group.bundle(List.of("1"))), n.answer().bundle(), "a rejected m-line leaves BUNDLE");
        assertEquals(List.of("1"), n.media().stream().map(NegotiatedMedia::mid).toList());
    }

    @Test
    void dataChannelIsRejectedAndAudioAccepted() {
        Negotiation n = answer(ChromiumOffers.DATA_CHANNEL);
        assertEquals(1, n.rejected().size());
        assertEquals("1", n.rejected().getFirst().mid());
        assertTrue(n.rejected().getFirst().reason().startsWith("media \"application\" is not supported"));
        MediaSection data = n.answer().media().get(1);
        assertEquals("m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "m=" + data.media() + " " + data.port() + " "
                + data.proto() + " " + String.join(" ", data.formats()));
        assertEquals(Optional.of(Group.bundle(List.of("0"))), n.answer().bundle());
    }

    @Test
    void stoppedMlineIsRejectedAndItsStreamUnplaced() {
        String offer = edit(ChromiumOffers.SIMULCAST, "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
                + "c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:H6Xw\r\na=ice-pwd:hjG+zHeRSVp2UOOacjrd4MOk\r\n"
                + "a=ice-options:trickle\r\na=fingerprint:sha-256 6F:6A:6A:81:88:38:8A:F2:E4:2B:2B:D1:6D:AE:13:91:B9:7C:4C:"
                + "63:ED:67:26:B6:B8:1E:E4:D2:09:D8:5A:76\r\na=setup:actpass\r\na=mid:2",
                "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:2");
        offer = edit(offer, "a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0 1 3");
        Negotiation n = answerer().answer(offer, BOB_ON_2_AND_3, 1);
        assertEquals(List.of(new Rejection(2, "2", "the offer stopped it (port 0)")), n.rejected());
        assertEquals(List.of(new Rejection(2, "2", "its m-line is rejected: the offer stopped it (port 0)")),
                n.unplaced());
        assertEquals(Optional.of(Group.bundle(List.of("0", "1", "3"))), n.answer().bundle());
    }

    @Test
    void mlineOutsideTheBundleGroupIsRejected() {
        Negotiation n = answer(edit(ChromiumOffers.SENDRECV, "a=group:BUNDLE 0 1", "a=group:BUNDLE 1"));
        assertEquals(List.of(new Rejection(0, "0", "it is not in the offer's BUNDLE group (xsfu has one transport)")),
                n.rejected());
    }

    @Test
    void withoutBundleOnlyTheFirstMlineIsAccepted() {
        Negotiation n = answer(edit(ChromiumOffers.SENDRECV, "a=group:BUNDLE 0 1\r\n", ""));
        assertEquals(List.of("0"), n.media().stream().map(NegotiatedMedia::mid).toList());
        assertEquals(1, n.rejected().size());
        assertEquals(Optional.empty(), n.answer().bundle(), "no group in the answer when the offer had none");
    }

    @Test
    void firefoxOfferWithSessionLevelFingerprint() {
        Negotiation n = answer(FirefoxOffers.SENDRECV);
        assertEquals("3A:96:6D:57:B2:C2:C7:61:A0:46:3E:1C:97:39:D3:F7:0A:88:A0:B1:EC:11:00:EF:E2:CD:6B:B7:7A:B8:06:4F",
                n.remoteFingerprint().hex());
        assertEquals(new IceParameters("7f3a9c21", "e6b2f6a5c7a1d3f4e8b9c0d1a2b3c4d5", false), n.remoteIce());
        NegotiatedMedia audio = n.media("0").orElseThrow();
        assertEquals(new NegotiatedCodec(Codec.OPUS, 109, 48000, 2, Map.of("maxplaybackrate", "48000", "stereo", "1",
                "useinbandfec", "1"), OptionalInt.empty(), List.of()), audio.codec());
        assertEquals(List.of(HeaderExtension.SSRC_AUDIO_LEVEL.uri(), HeaderExtension.MID.uri()),
                List.copyOf(audio.extensions().keySet()), "csrc-audio-level is not supported");
        NegotiatedMedia video = n.media("1").orElseThrow();
        assertEquals(Codec.VP8, video.codec().codec());
        assertEquals(120, video.codec().payloadType());
        assertEquals(OptionalInt.of(124), video.codec().rtxPayloadType());
        assertEquals(List.of(new RemoteSsrc(2952672143L, OptionalLong.of(3046470522L),
                "{f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9}")), video.remoteSsrcs());
    }

    @Test
    void extmapDirectionIsMirrored() {
        Capabilities withPlayoutDelay = Capabilities.DEFAULT.withHeaderExtensions(
                EnumSet.of(HeaderExtension.PLAYOUT_DELAY, HeaderExtension.MID));
        Negotiation n = answerer(withPlayoutDelay).answer(FirefoxOffers.SENDRECV, Map.of(), 1);
        assertEquals(List.of(Extmap.of(3, HeaderExtension.MID.uri()),
                new Extmap(6, Direction.SENDONLY, HeaderExtension.PLAYOUT_DELAY.uri(), null)),
                n.answer().media("1").orElseThrow().extmaps());
    }

    @Test
    void h264IsMatchedByProfileAndPacketizationMode() {
        // Chromium offers 42001f (Baseline) mode 1 as 102, mode 0 as 104, 42e01f (Constrained Baseline) mode 1
        // as 108 and mode 0 as 114: only 108 is the format xsfu supports.
        Negotiation n = answerer(Capabilities.DEFAULT.withCodecs(List.of(CodecSpec.H264))).answer(
                ChromiumOffers.SENDRECV, Map.of(), 1);
        NegotiatedCodec codec = n.media("1").orElseThrow().codec();
        assertEquals(Codec.H264, codec.codec());
        assertEquals(108, codec.payloadType());
        assertEquals(OptionalInt.of(109), codec.rtxPayloadType());
        assertEquals("42e01f", codec.parameters().get("profile-level-id"));
        assertEquals(List.of("108", "109"), n.answer().media("1").orElseThrow().formats());
        assertEquals(Optional.of(new Fmtp(108, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")),
                n.answer().media("1").orElseThrow().fmtp(108), "the offer's fmtp, as written");
    }

    @Test
    void h264BaselineIsAnotherFormat() {
        CodecSpec baseline = new CodecSpec(Codec.H264, Map.of("profile-level-id", "42001f", "packetization-mode", "1"));
        NegotiatedCodec codec = answerer(Capabilities.DEFAULT.withCodecs(List.of(baseline)))
                .answer(ChromiumOffers.SENDRECV, Map.of(), 1).media("1").orElseThrow().codec();
        assertEquals(102, codec.payloadType());
    }

    @Test
    void vp9IsMatchedByProfileId() {
        NegotiatedCodec codec = answerer(Capabilities.DEFAULT.withCodecs(List.of(CodecSpec.OPUS, CodecSpec.VP9)))
                .answer(ChromiumOffers.SENDRECV, Map.of(), 1).media("1").orElseThrow().codec();
        assertEquals(Codec.VP9, codec.codec());
        assertEquals(98, codec.payloadType(), "profile-id=0, not 100's profile-id=2");
        assertEquals(OptionalInt.of(99), codec.rtxPayloadType());
    }

    @Test
    void theOffersPreferenceOrderDecides() {
        Capabilities vp9First = Capabilities.DEFAULT.withCodecs(List.of(CodecSpec.VP9, CodecSpec.VP8));
        assertEquals(Codec.VP8, answerer(vp9First).answer(ChromiumOffers.SENDRECV, Map.of(), 1).media("1")
                .orElseThrow().codec().codec(), "VP8 is first in Chromium's m-line");
    }

    @Test
    void noCodecInCommonRejectsTheMline() {
        Negotiation n = answerer(Capabilities.DEFAULT.withCodecs(List.of(CodecSpec.OPUS)))
                .answer(ChromiumOffers.SENDRECV, Map.of(), 1);
        assertEquals(1, n.rejected().size());
        assertEquals("no codec in common: the offer has VP8/90000, H264/90000, AV1/90000, VP9/90000, red/90000, "
                + "ulpfec/90000; xsfu supports ", n.rejected().getFirst().reason());
        assertEquals(0, n.answer().media("1").orElseThrow().port());
    }

    @Test
    void aStreamTakesThePayloadTypeOfItsCodec() {
        LocalStream vp9 = new LocalStream(7, OptionalLong.of(8), "c", "s", "t", CodecSpec.VP9);
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, Map.of("3", vp9), 1);
        NegotiatedMedia media = n.media("3").orElseThrow();
        assertEquals(Codec.VP9, media.codec().codec());
        assertEquals(98, media.codec().payloadType());
        assertEquals(OptionalInt.of(99), media.codec().rtxPayloadType());
        assertEquals(Direction.SENDONLY, media.direction());
    }

    @Test
    void aStreamWhoseCodecTheClientLacksIsUnplacedAndTheMlineInactive() {
        CodecSpec high = new CodecSpec(Codec.H264, Map.of("profile-level-id", "640c1f", "packetization-mode", "1"));
        LocalStream stream = new LocalStream(7, OptionalLong.empty(), "c", "s", "t", high);
        Negotiation n = answerer().answer(ChromiumOffers.SIMULCAST, Map.of("3", stream), 1);
        NegotiatedMedia media = n.media("3").orElseThrow();
        assertEquals(Direction.INACTIVE, media.direction());
        assertEquals(Optional.empty(), media.sending());
        assertEquals(1, n.unplaced().size());
        assertEquals("3", n.unplaced().getFirst().mid());
        assertTrue(n.unplaced().getFirst().reason().startsWith("the client offers no payload type for H264/90000"),
                n.unplaced().getFirst().reason());
        assertEquals(List.of(), n.rejected());
    }

    @Test
    void aStreamWithoutRtxOrAClientWithoutRtx() {
        Negotiation n = answerer(Capabilities.DEFAULT.withRtx(false)).answer(ChromiumOffers.SIMULCAST, BOB_ON_2_AND_3, 1);
        NegotiatedMedia cam = n.media("3").orElseThrow();
        assertEquals(OptionalInt.empty(), cam.codec().rtxPayloadType());
        MediaSection section = n.answer().media("3").orElseThrow();
        assertEquals(List.of("96"), section.formats());
        assertEquals(List.of(), section.ssrcGroups(), "no RTX payload type: the RTX SSRC is not declared");
        assertEquals(Set.of(268435458L), Set.copyOf(section.ssrcAttributes().stream().map(SsrcAttribute::ssrc).toList()));
    }

    @Test
    void feedbackIsIntersected() {
        Negotiation n = answerer(Capabilities.DEFAULT.withFeedback(Set.of("nack", "nack pli", "transport-cc")))
                .answer(ChromiumOffers.SENDRECV, Map.of(), 1);
        assertEquals(List.of("transport-cc", "nack", "nack pli"), n.media("1").orElseThrow().codec().feedback());
        assertEquals(List.of(new RtcpFb(96, "transport-cc", null), new RtcpFb(96, "nack", null),
                new RtcpFb(96, "nack", "pli")), n.answer().media("1").orElseThrow().all(RtcpFb.class));
    }

    @Test
    void wildcardFeedbackIsWrittenForTheChosenPayloadType() {
        String offer = edit(ChromiumOffers.GATHERED, "a=rtcp-fb:96 nack pli\r\n", "a=rtcp-fb:96 nack pli\r\na=rtcp-fb:* ccm fir\r\n");
        offer = offer.replace("a=rtcp-fb:96 ccm fir\r\n", "");
        List<RtcpFb> feedback = answer(offer).answer().media().getFirst().all(RtcpFb.class);
        assertEquals(List.of("goog-remb", "transport-cc", "nack", "nack pli", "ccm fir"),
                feedback.stream().map(RtcpFb::feedback).toList());
        assertTrue(feedback.stream().allMatch(f -> f.payloadType() == 96));
    }

    @Test
    void legacySimulcastBySsrcGroups() {
        // The SSRC form older Chromium used with SIM groups (the "x-google-flag:conference" era), written by hand.
        String offer = edit(ChromiumOffers.GATHERED, """
                a=ssrc-group:FID 481511845 1759605777\r
                a=ssrc:481511845 cname:/EgKYBSdMaGuOC2V\r
                a=ssrc:481511845 msid:41ac0af5-d44b-4f71-9d83-b64e5fd0ee7a 0d78182b-1e80-48a1-9fdb-cee922d7537e\r
                a=ssrc:1759605777 cname:/EgKYBSdMaGuOC2V\r
                a=ssrc:1759605777 msid:41ac0af5-d44b-4f71-9d83-b64e5fd0ee7a 0d78182b-1e80-48a1-9fdb-cee922d7537e\r
                """, """
                a=ssrc-group:SIM 100 200 300\r
                a=ssrc-group:FID 100 101\r
                a=ssrc-group:FID 200 201\r
                a=ssrc-group:FID 300 301\r
                a=ssrc:300 cname:c3\r
                a=ssrc:301 cname:c3\r
                a=ssrc:100 cname:c1\r
                a=ssrc:101 cname:c1\r
                a=ssrc:200 cname:c2\r
                a=ssrc:201 cname:c2\r
                """);
        NegotiatedMedia video = answer(offer).media().getFirst();
        assertEquals(List.of(new RemoteSsrc(100, OptionalLong.of(101), "c1"), new RemoteSsrc(200, OptionalLong.of(201),
                "c2"), new RemoteSsrc(300, OptionalLong.of(301), "c3")), video.remoteSsrcs(), "in SIM order");
        assertEquals(List.of(new SsrcGroup("SIM", List.of(100L, 200L, 300L))), video.simulcastGroups());
        assertEquals(Optional.of(new Msid("41ac0af5-d44b-4f71-9d83-b64e5fd0ee7a", "0d78182b-1e80-48a1-9fdb-cee922d7537e")),
                video.remoteMsid());
    }

    @Test
    void ridSimulcastIsAcceptedWhenEnabled() {
        Negotiation n = answerer(Capabilities.DEFAULT.withSimulcast(true)).answer(ChromiumOffers.SIMULCAST, Map.of(), 1);
        MediaSection video = n.answer().media("1").orElseThrow();
        assertEquals(List.of(new Rid("q", false, null), new Rid("h", false, null), new Rid("f", false, null)),
                video.all(Rid.class));
        assertEquals(Optional.of("recv q;h;f"), video.first(Simulcast.class).map(Simulcast::value));
        assertEquals(List.of(), answer(ChromiumOffers.SIMULCAST).answer().media("1").orElseThrow().all(Rid.class),
                "not by default");
    }

    @Test
    void unanswerableOffers() {
        assertTrue(refused(ChromiumOffers.SENDRECV.replace("a=mid:1", "a=mid:0"), Map.of()).getMessage()
                .contains("two m-lines have mid \"0\""));
        assertTrue(refused(ChromiumOffers.SENDRECV, Map.of("7", BOB_CAM)).getMessage()
                .contains("mid \"7\", which the offer has no m-line for"));
        assertTrue(refused(ChromiumOffers.SIMULCAST, Map.of("1", BOB_CAM)).getMessage()
                .contains("the offer is sendonly there: the client does not receive on it"));
        assertTrue(refused(edit(ChromiumOffers.SENDRECV, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 9"), Map.of())
                .getMessage().contains("a=group:BUNDLE names mid \"9\""));
        assertTrue(refused(ChromiumOffers.GATHERED.replace("a=ice-ufrag:OWG5\r\n", ""), Map.of()).getMessage()
                .contains("no a=ice-ufrag"));
        assertTrue(refused(ChromiumOffers.GATHERED.replace("a=ice-pwd:rkapib8u18WW61nIz7M2whgZ\r\n", ""), Map.of())
                .getMessage().contains("no a=ice-pwd"));
        assertTrue(refused(ChromiumOffers.GATHERED.replaceAll("a=fingerprint:[^\r]*\r\n", ""), Map.of()).getMessage()
                .contains("no a=fingerprint"));
        assertTrue(refused(ChromiumOffers.GATHERED.replace("a=rtcp-mux\r\n", ""), Map.of()).getMessage()
                .startsWith("the offer has no m-line xsfu can accept: m-line 0 it has no a=rtcp-mux"));
        assertTrue(refused(edit(ChromiumOffers.GATHERED, "t=0 0\r\n", "t=0 0\r\na=ice-lite\r\n"), Map.of())
                .getMessage().contains("both sides are ICE-lite"));
        assertTrue(refused(edit(ChromiumOffers.GATHERED, "a=extmap:2 http", "a=extmap:1 http"), Map.of())
                .getMessage().contains("a=extmap id 1 names both"));
        assertThrows(SdpException.class, () -> answerer().answer("v=0\r\nnonsense", Map.of(), 1));
    }

    @Test
    void localInputIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new IceParameters("abc", "0123456789abcdefABCDEF", true));
        assertThrows(IllegalArgumentException.class, () -> new LocalTransport(Fixtures.SFU_ICE, List.of(),
                List.of(Fixtures.SFU_FINGERPRINT), DtlsRole.SERVER));
        assertThrows(IllegalArgumentException.class, () -> new LocalStream(1, OptionalLong.of(1), "c", "s", "t",
                CodecSpec.VP8));
        assertThrows(IllegalArgumentException.class, () -> new LocalStream(1, OptionalLong.empty(), "c name", "s", "t",
                CodecSpec.VP8));
        assertThrows(IllegalArgumentException.class, () -> new CodecSpec(Codec.H264, Map.of("profile-level-id", "zz")));
    }
}
