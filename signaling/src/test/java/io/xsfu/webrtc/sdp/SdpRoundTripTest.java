package io.xsfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Real offers read and written back, and what the model says about them. */
class SdpRoundTripTest {
    static String offer(String name) {
        return switch (name) {
            case "SENDRECV" -> ChromiumOffers.SENDRECV;
            case "SIMULCAST" -> ChromiumOffers.SIMULCAST;
            case "GATHERED" -> ChromiumOffers.GATHERED;
            case "DATA_CHANNEL" -> ChromiumOffers.DATA_CHANNEL;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"SENDRECV", "SIMULCAST", "GATHERED", "DATA_CHANNEL"})
    void chromiumOffersComeBackByteForByte(String name) {
        String text = offer(name);
        Sdp sdp = SdpParser.parse(text);
        assertEquals(text, SdpWriter.write(sdp));
        assertEquals(sdp, SdpParser.parse(sdp.write()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SENDRECV", "SIMULCAST", "GATHERED", "DATA_CHANNEL"})
    void lfLineEndsReadTheSame(String name) {
        String text = offer(name);
        assertEquals(SdpParser.parse(text), SdpParser.parse(text.replace("\r\n", "\n")));
    }

    @Test
    void firefoxOfferComesBackExceptTheMsidSemanticSpace() {
        String text = FirefoxOffers.SENDRECV;
        String written = SdpParser.parse(text).write();
        assertEquals(text.replace("a=msid-semantic:WMS *", "a=msid-semantic: WMS *"), written,
                "the one normalisation: Chromium's space after msid-semantic's colon");
    }

    @Test
    void firefoxOfferModel() {
        Sdp sdp = SdpParser.parse(FirefoxOffers.SENDRECV);
        assertEquals("mozilla...THIS_IS_SDPARTA-128.0", sdp.origin().username());
        assertEquals(new Fingerprint("sha-256", "3A:96:6D:57:B2:C2:C7:61:A0:46:3E:1C:97:39:D3:F7:0A:88:A0:B1:EC:11:00:"
                + "EF:E2:CD:6B:B7:7A:B8:06:4F"), sdp.first(Fingerprint.class).orElseThrow(), "session level");
        assertEquals(new MsidSemantic("WMS", List.of("*")), sdp.first(MsidSemantic.class).orElseThrow());
        MediaSection audio = sdp.media().get(0);
        assertEquals(new Rtpmap(9, "G722", 8000, 1), audio.rtpmap(9).orElseThrow());
        assertEquals(new Rtpmap(0, "PCMU", 8000, 0), audio.rtpmap(0).orElseThrow());
        assertEquals(new Extmap(2, Direction.RECVONLY, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null),
                audio.extmaps().get(1));
        assertEquals(Map.of("0-15", ""), audio.fmtp(101).orElseThrow().parameterMap());
        MediaSection video = sdp.media().get(1);
        assertEquals(List.of(new SsrcGroup("FID", List.of(2952672143L, 3046470522L))), video.ssrcGroups());
        assertEquals(new Msid("{5e7d4a0c-1b2f-4c3d-9e8f-0a1b2c3d4e5f}", "{0d1e2f3a-4b5c-4d6e-9f0a-1b2c3d4e5f60}"),
                video.first(Msid.class).orElseThrow());
        assertEquals(5, video.rtcpFeedback(126).size());
    }

    @Test
    void chromiumSimulcastOfferModel() {
        Sdp sdp = SdpParser.parse(ChromiumOffers.SIMULCAST);
        assertEquals("5261374159405644844", sdp.origin().sessionId());
        assertEquals(Timing.UNBOUNDED, sdp.timing());
        assertEquals(Optional.of(Group.bundle(List.of("0", "1", "2", "3"))), sdp.bundle());
        assertTrue(sdp.has("extmap-allow-mixed"), "an unknown flag is kept");
        assertEquals(4, sdp.media().size());
        assertEquals(List.of(Optional.of(Direction.SENDONLY), Optional.of(Direction.SENDONLY),
                Optional.of(Direction.RECVONLY), Optional.of(Direction.RECVONLY)),
                sdp.media().stream().map(MediaSection::direction).toList());

        MediaSection audio = sdp.media().getFirst();
        assertEquals("audio", audio.media());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.proto());
        assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
        assertEquals(new Connection("IN", "IP4", "0.0.0.0"), audio.connection());
        assertEquals(Optional.of("0"), audio.mid());
        assertEquals(Optional.of("H6Xw"), audio.value(Attribute.ICE_UFRAG));
        assertEquals(Optional.of("hjG+zHeRSVp2UOOacjrd4MOk"), audio.value(Attribute.ICE_PWD));
        assertEquals(Optional.of(new IceOptions(List.of("trickle"))), audio.first(IceOptions.class));
        assertEquals(Optional.of(Setup.ACTPASS), audio.first(Setup.class));
        assertTrue(audio.has(Attribute.RTCP_MUX));
        assertTrue(audio.has(Attribute.RTCP_RSIZE));
        assertEquals(Optional.of("9 IN IP4 0.0.0.0"), audio.value("rtcp"), "unknown attributes keep their value");
        assertEquals(new Rtpmap(111, "opus", 48000, 2), audio.rtpmap(111).orElseThrow());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), audio.fmtp(111).orElseThrow().parameterMap());
        assertEquals(List.of(new RtcpFb(111, "transport-cc", null)), audio.rtcpFeedback(111));
        assertEquals(Extmap.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.extmaps().getFirst());
        assertEquals(List.of(new SsrcAttribute(907115167L, "cname", "shnQLhDaB261RUg2"),
                new SsrcAttribute(907115167L, "msid", "41ac0af5-d44b-4f71-9d83-b64e5fd0ee7a "
                        + "05ec7d3f-37b9-452f-a8f9-75a5a83f51d2")), audio.ssrcAttributes());

        MediaSection video = sdp.media().get(1);
        assertEquals(List.of(new Rid("q", true, null), new Rid("h", true, null), new Rid("f", true, null)),
                video.all(Rid.class));
        Simulcast simulcast = video.first(Simulcast.class).orElseThrow();
        assertEquals(List.of("q", "h", "f"), simulcast.sendRids());
        assertEquals(List.of(), simulcast.recv());
        assertEquals(List.of(), video.ssrcAttributes(), "Chromium declares no SSRC for rid simulcast");
        assertEquals(List.of(new RtcpFb(96, "goog-remb", null), new RtcpFb(96, "transport-cc", null),
                new RtcpFb(96, "ccm", "fir"), new RtcpFb(96, "nack", null), new RtcpFb(96, "nack", "pli")),
                video.rtcpFeedback(96));
        assertEquals(Map.of("apt", "96"), video.fmtp(97).orElseThrow().parameterMap());
        assertTrue(video.rtpmap(97).orElseThrow().isRtx());
        assertEquals("https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
                video.extmaps().get(11).uri());
        assertEquals(List.of(), sdp.media().get(3).all(Msid.class), "a recvonly m-line has no msid");
    }

    @Test
    void chromiumSendrecvOfferSsrcs() {
        MediaSection video = SdpParser.parse(ChromiumOffers.SENDRECV).media().get(1);
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(2320841743L, 226408858L))), video.ssrcGroups());
        assertEquals(Optional.of(Direction.SENDRECV), video.direction());
        assertEquals(Map.of("level-asymmetry-allowed", "1", "packetization-mode", "1", "profile-level-id", "42001f"),
                video.fmtp(102).orElseThrow().parameterMap());
        assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
                List.copyOf(video.fmtp(102).orElseThrow().parameterMap().keySet()), "in the written order");
    }

    @Test
    void chromiumGatheredCandidates() {
        MediaSection video = SdpParser.parse(ChromiumOffers.GATHERED).media().getFirst();
        assertEquals(53000, video.port());
        assertEquals(new Connection("IN", "IP4", "192.0.2.2"), video.connection());
        List<Candidate> candidates = video.candidates();
        assertEquals(4, candidates.size());
        Candidate udp = candidates.getFirst();
        assertEquals(new Candidate("1895904356", 1, "udp", 2122194687L, "192.0.2.2", 53000, "host",
                List.of(new Candidate.Extension("generation", "0"), new Candidate.Extension("network-id", "1"))), udp);
        assertTrue(udp.isUdp());
        assertEquals("fd00::2", candidates.get(1).address());
        assertFalse(candidates.get(2).isUdp());
        assertEquals(Optional.of("active"), candidates.get(2).extension("tcptype"));
    }

    @Test
    void nonRtpSectionsKeepRtpAttributesAsText() {
        Sdp sdp = SdpParser.parse(ChromiumOffers.DATA_CHANNEL);
        MediaSection data = sdp.media().get(1);
        assertEquals("application", data.media());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertFalse(data.isRtp());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals(Optional.of("5000"), data.value("sctp-port"));

        String text = ChromiumOffers.DATA_CHANNEL.replace("a=sctp-port:5000", "a=rtpmap:webrtc-datachannel x");
        MediaSection kept = SdpParser.parse(text).media().get(1);
        assertEquals(Optional.of(PlainAttribute.of("rtpmap", "webrtc-datachannel x")),
                kept.attributes().stream().filter(a -> a.field().equals("rtpmap")).findFirst());
        assertEquals(text, SdpParser.parse(text).write());
    }
}
