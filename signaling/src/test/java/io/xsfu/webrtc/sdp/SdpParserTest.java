package io.xsfu.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpParserTest {
    private static final String SESSION = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

    /** The error for {@code text}; asserts it is the parser's typed exception. */
    private static SdpException error(String text) {
        return assertThrows(SdpException.class, () -> SdpParser.parse(text));
    }

    private static SdpException error(String text, SdpLimits limits) {
        return assertThrows(SdpException.class, () -> SdpParser.parse(text, limits));
    }

    /** A session with one audio section and one extra media line, which is line 7. */
    private static SdpException mediaLineError(String line) {
        SdpException e = error(SESSION + AUDIO + line + "\r\n");
        assertEquals(7, e.line(), e.getMessage());
        return e;
    }

    @Test
    void minimalDescription() {
        Sdp sdp = SdpParser.parse(SESSION);
        assertEquals(new Origin("-", "1", "2", "IN", "IP4", "127.0.0.1"), sdp.origin());
        assertEquals("-", sdp.sessionName());
        assertEquals(List.of(), sdp.media());
        assertEquals(SESSION, sdp.write());
    }

    @Test
    void unknownAttributesAndKeptLinesRoundTripInTheirPlaces() {
        String text = "v=0\r\no=alice 18446744073709551615 0 IN IP6 ::1\r\ns=A call\r\ni=about it\r\n"
                + "u=http://example.com/x\r\ne=a@example.com\r\np=+1 555\r\nc=IN IP4 192.0.2.1\r\nb=AS:2000\r\n"
                + "t=0 0\r\nr=7d 1h 0 25h\r\nz=0 0\r\nk=prompt\r\na=x-flag\r\na=x-value:some thing: with colons\r\n"
                + "a=x-empty:\r\nm=video 4000/2 RTP/AVP 96\r\ni=cam\r\nc=IN IP4 192.0.2.1\r\nb=TIAS:1000\r\n"
                + "k=prompt\r\na=rtpmap:96 VP8/90000\r\na=x-flag\r\n";
        Sdp sdp = SdpParser.parse(text);
        assertEquals(text, sdp.write());
        assertEquals("18446744073709551615", sdp.origin().sessionId(), "beyond a long: kept as digits");
        assertEquals(Optional.of("some thing: with colons"), sdp.value("x-value"));
        assertEquals(Optional.of(""), sdp.value("x-empty"));
        assertEquals(PlainAttribute.flag("x-flag"), sdp.attributes().getFirst());
        assertEquals(2, sdp.media().getFirst().portCount());
        assertEquals(List.of(new Field('i', "cam"), new Field('b', "TIAS:1000"), new Field('k', "prompt")),
                sdp.media().getFirst().fields());
    }

    @Test
    void misorderedKeptLinesAreWrittenInRfcOrder() {
        String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nb=AS:1\r\na=x\r\n";
        assertEquals("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:1\r\nt=0 0\r\na=x\r\n",
                SdpParser.parse(text).write());
    }

    @Test
    void trailingBlankLinesAreIgnoredButNotInnerOnes() {
        assertEquals(SdpParser.parse(SESSION), SdpParser.parse(SESSION + "\r\n\r\n"));
        assertEquals(SdpParser.parse(SESSION), SdpParser.parse(SESSION.substring(0, SESSION.length() - 2)),
                "no final line end");
        SdpException e = error("v=0\r\n\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        assertEquals(2, e.line());
        assertEquals("line 2: empty line", e.getMessage());
    }

    @Test
    void wholeTextErrorsHaveLineZero() {
        assertEquals(0, error("").line());
        assertEquals(0, error(null).line());
        SdpException big = error(SESSION + "a=x\r\n".repeat(100), new SdpLimits(200, 100, 4, 1000));
        assertEquals(0, big.line());
        assertTrue(big.reason().contains("more than the 200 allowed"), big.reason());
    }

    @Test
    void structureErrors() {
        assertEquals("line 1: the first line must be v=0, got \"v=1\"", error("v=1\r\n").getMessage());
        assertEquals(1, error("o=- 1 2 IN IP4 127.0.0.1\r\n").line());
        assertEquals(3, error("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n").line(), "no s=: at the end");
        assertTrue(error("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n").reason().contains("no s="));
        SdpException noTiming = error("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" + AUDIO);
        assertEquals(4, noTiming.line());
        assertTrue(noTiming.reason().contains("m= before the session's t="), noTiming.reason());
        assertEquals(5, error(SESSION + "o=- 1 2 IN IP4 127.0.0.1\r\n").line());
        assertEquals(5, error(SESSION + "v=0\r\n").line());
        assertEquals("line 5: unknown line type x=", error(SESSION + "x=1\r\n").getMessage());
        assertEquals(5, error(SESSION + "A=1\r\n").line());
        assertEquals(5, error(SESSION + "a\r\n").line());
        assertEquals(5, error(SESSION + "=a\r\n").line());
        assertEquals(5, error(SESSION + "a=x\0y\r\n").line());
        assertEquals(5, error(SESSION + "a=x\ry\r\n").line());
        assertEquals(5, error(SESSION + "t=1 2\r\n").line(), "one t= only");
    }

    @Test
    void mediaSectionStructureErrors() {
        mediaLineError("o=- 1 2 IN IP4 127.0.0.1");
        mediaLineError("t=0 0");
        mediaLineError("u=http://x");
        mediaLineError("c=IN IP4 0.0.0.0");
        mediaLineError("y=1");
        assertEquals(5, error(SESSION + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n").line(), "no format");
        assertEquals(5, error(SESSION + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n").line());
        assertEquals(5, error(SESSION + "m=audio -1 UDP/TLS/RTP/SAVPF 111\r\n").line());
        assertEquals(5, error(SESSION + "m=audio 9/0 UDP/TLS/RTP/SAVPF 111\r\n").line());
        assertEquals(5, error(SESSION + "m=audio  9 UDP/TLS/RTP/SAVPF 111\r\n").line(), "two spaces");
    }

    @Test
    void limitsAreEnforcedAtTheOffendingLine() {
        SdpLimits limits = new SdpLimits(1 << 20, 64, 2, 10);
        SdpException longLine = error(SESSION + "a=" + "x".repeat(100) + "\r\n", limits);
        assertEquals(5, longLine.line());
        assertTrue(longLine.reason().contains("more than the 64 allowed"));
        SdpException sections = error(SESSION + AUDIO + AUDIO + AUDIO, limits);
        assertEquals(9, sections.line());
        assertTrue(sections.reason().contains("more than 2 media sections"), sections.reason());
        SdpException lines = error(SESSION + AUDIO + "a=x\r\n".repeat(20), limits);
        assertEquals(15, lines.line(), lines.getMessage());
        SdpException sessionLines = error(SESSION + "a=x\r\n".repeat(20), limits);
        assertEquals(12, sessionLines.line(), sessionLines.getMessage());
    }

    @Test
    void defaultLimitsRefuseAHugeLineAndAHugeText() {
        assertEquals(5, error(SESSION + "a=x:" + "y".repeat(10_000) + "\r\n").line());
        assertEquals(0, error(SESSION + ("a=x:" + "y".repeat(1000) + "\r\n").repeat(1100)).line());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=rtpmap:128 VP8/90000       | a=rtpmap payload type must be between 0 and 127",
        "a=rtpmap:96 VP8              | a=rtpmap encoding must be name/clock rate",
        "a=rtpmap:96 VP8/fast         | a=rtpmap clock rate must be a number",
        "a=rtpmap:96 VP8/0            | a=rtpmap clock rate must be between 1",
        "a=rtpmap:96 VP8/90000/2/3    | a=rtpmap encoding must be name/clock rate",
        "a=rtpmap:96 opus/48000/0     | a=rtpmap channels must be between 1 and 255",
        "a=rtpmap:96 VP8/99999999999999999999 | a=rtpmap clock rate must be a number",
        "a=rtpmap:-1 VP8/90000        | a=rtpmap payload type must be a number",
        "a=fmtp:96                    | a=fmtp needs a payload type and parameters",
        "a=fmtp:x apt=96              | a=fmtp payload type must be a number",
        "a=rtcp-fb:96                 | a=rtcp-fb needs at least 2 fields",
        "a=rtcp-fb:+ nack             | a=rtcp-fb payload type must be a number",
        "a=extmap:0 urn:x             | a=extmap id must be between 1 and 255",
        "a=extmap:256 urn:x           | a=extmap id must be between 1 and 255",
        "a=extmap:1/sideways urn:x    | a=extmap direction must be",
        "a=extmap:1                   | a=extmap needs at least 2 fields",
        "a=ssrc:4294967296 cname:x    | a=ssrc SSRC must be between 0 and 4294967295",
        "a=ssrc:1                     | a=ssrc needs an SSRC and an attribute",
        "a=ssrc-group:FID             | a=ssrc-group needs at least 2 fields",
        "a=ssrc-group:FID 1 x         | a=ssrc-group SSRC must be a number",
        "a=msid:a b c                 | a=msid has at most a stream id and a track id",
        "a=rid:q sideways             | a=rid direction must be send or recv",
        "a=rid:q.1 send               | a rid may only have letters, digits, - and _",
        "a=simulcast:send             | a=simulcast needs at least 2 fields",
        "a=simulcast:up q;h           | a=simulcast direction must be send or recv",
        "a=simulcast:send q;;h        | a rid must have 1 to 255 characters",
        "a=simulcast:send q send h    | a=simulcast has send twice",
        "a=candidate:1 1 udp 1 192.0.2.1 9 host | a=candidate needs at least 8 fields",
        "a=candidate:1 1 udp 1 192.0.2.1 9 type host | a=candidate: the 7th field must be typ",
        "a=candidate:1 1 udp 1 192.0.2.1 99999 typ host | a=candidate port must be between 0 and 65535",
        "a=candidate:1 1 udp 1 192.0.2.1 9 typ host generation | a=candidate: the fields after the type must be",
        "a=candidate:1 0 udp 1 192.0.2.1 9 typ host | a=candidate component must be between 1 and 256",
        "a=fingerprint:sha-256 AB:CD:E | a=fingerprint digest must be 1 to 64 hex pairs",
        "a=fingerprint:sha-256 AB:XY  | a=fingerprint digest must be 1 to 64 hex pairs",
        "a=fingerprint:sha-256        | a=fingerprint needs at least 2 fields",
        "a=setup:maybe                | a=setup must be active, passive, actpass or holdconn",
        "a=setup                      | a=setup needs a value",
        "a=sendonly:yes               | a=sendonly takes no value",
        "a=ice-ufrag:abc              | a=ice-ufrag must have 4 to 256 characters",
        "a=ice-ufrag:ab;cd            | a=ice-ufrag may only have letters, digits, + and /",
        "a=ice-pwd:short              | a=ice-pwd must have 22 to 256 characters",
        "a=mid:a b                    | a=mid has a character a token may not have",
        "a=group:                     | a=group is empty",
        "a=ice-options:               | a=ice-options is empty",
        "a=bad(name):x                | attribute name has a character a token may not have",
        "c=IN IP4                     | c= needs at least 3 fields",
    })
    void attributeErrorsNameTheLineAndTheReason(String line, String reason) {
        SdpException e = mediaLineError(line.strip());
        assertTrue(e.reason().startsWith(reason), e.reason());
    }

    @Test
    void typedValuesAreCheckedWhenBuiltInCodeToo() {
        assertThrows(IllegalArgumentException.class, () -> PlainAttribute.of("x", "a\r\na=injected"));
        assertThrows(IllegalArgumentException.class, () -> new SsrcAttribute(1, "cname", "x\ny"));
        assertThrows(IllegalArgumentException.class, () -> new Msid("a b", null));
        assertThrows(IllegalArgumentException.class, () -> Candidate.host("f", 1, "192.0.2.1 9", 9));
        assertThrows(IllegalArgumentException.class, () -> new Rtpmap(96, "VP8/2", 90000, 0));
    }

    @Test
    void fingerprintDigestAndFactory() {
        byte[] digest = {(byte) 0xAB, 0x01, (byte) 0xFF};
        Fingerprint fingerprint = Fingerprint.of("SHA-256", digest);
        assertEquals(new Fingerprint("sha-256", "AB:01:FF"), fingerprint);
        assertTrue(new Fingerprint("SHA-256", "ab:01:ff").matches("sha-256", digest));
    }

    @Test
    void rtcpFeedbackWildcardAppliesToEveryPayloadType() {
        Sdp sdp = SdpParser.parse(SESSION + AUDIO + "a=rtcp-fb:* nack\r\na=rtcp-fb:111 trr-int 100\r\n");
        MediaSection audio = sdp.media().getFirst();
        assertEquals(List.of(new RtcpFb(RtcpFb.ANY, "nack", null), new RtcpFb(111, "trr-int", "100")),
                audio.rtcpFeedback(111));
        assertEquals(List.of(new RtcpFb(RtcpFb.ANY, "nack", null)), audio.rtcpFeedback(96));
        assertEquals(SESSION + AUDIO + "a=rtcp-fb:* nack\r\na=rtcp-fb:111 trr-int 100\r\n", sdp.write());
    }

    @Test
    void simulcastWithAlternativesPausedStreamsAndBothDirections() {
        Simulcast simulcast = SdpParser.parse(SESSION + AUDIO + "a=simulcast:recv 1,2;~3 send 4\r\n").media()
                .getFirst().first(Simulcast.class).orElseThrow();
        assertEquals(List.of(List.of(new Simulcast.Stream("1", false), new Simulcast.Stream("2", false)),
                List.of(new Simulcast.Stream("3", true))), simulcast.recv());
        assertEquals(List.of("4"), simulcast.sendRids());
        assertEquals("send 4 recv 1,2;~3", simulcast.value(), "written send first");
    }

    @Test
    void extmapWithDirectionAndAttributes() {
        Extmap extmap = SdpParser.parse(SESSION + AUDIO + "a=extmap:5/sendonly urn:x:y some attrs\r\n").media()
                .getFirst().extmaps().getFirst();
        assertEquals(new Extmap(5, Direction.SENDONLY, "urn:x:y", "some attrs"), extmap);
        assertEquals("5/sendonly urn:x:y some attrs", extmap.value());
    }
}
