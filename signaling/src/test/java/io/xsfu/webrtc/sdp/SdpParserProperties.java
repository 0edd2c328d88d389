package io.xsfu.webrtc.sdp;

import static io.xsfu.webrtc.sdp.Fixtures.BOB_CAM;
import static io.xsfu.webrtc.sdp.Fixtures.BOB_MIC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the text, the parser either returns a model that writes back to itself or throws
 * {@link SdpException}; the answerer adds only {@link NegotiationException}. Any other exception fails the
 * property (jqwik reports it with the shrunk input).
 */
class SdpParserProperties {
    private static final List<String> OFFERS = List.of(ChromiumOffers.SENDRECV, ChromiumOffers.SIMULCAST,
            ChromiumOffers.GATHERED, ChromiumOffers.DATA_CHANNEL, FirefoxOffers.SENDRECV);
    /** The attributes the parser interprets, and a few it keeps as text. */
    private static final List<String> FIELDS = List.of("group", "msid-semantic", "ice-lite", "ice-options",
            "fingerprint", "setup", "mid", "sendrecv", "sendonly", "recvonly", "inactive", "rtcp-mux", "rtcp-rsize",
            "ice-ufrag", "ice-pwd", "candidate", "end-of-candidates", "rtpmap", "fmtp", "rtcp-fb", "extmap", "ssrc",
            "ssrc-group", "msid", "rid", "simulcast", "rtcp", "x-unknown");
    /** What SDP values are made of, plus the characters a line must not have. */
    private static final String ALPHABET = " :/;,=~*-.#{}0123456789abcdefxyzABCFIPNUSTDW\r\n\t\0\u00e9";
    private static final List<String> SPECIAL = List.of("", " ", "0", "-1", "127", "128", "255", "256", "65536",
            "4294967295", "4294967296", "99999999999999999999", "typ", "send", "recv", "~", "*", "/", "IN IP4",
            "sha-256 AB:CD", "BUNDLE 0 1", "FID 1 2", "SIM 1", "96 VP8/90000", "1/sendonly urn:x", "q;h,f",
            "1 1 udp 1 1.2.3.4 9 typ host", "x".repeat(5000));

    @Property
    void anyTextIsAModelOrAnSdpException(@ForAll String text) {
        checkParse(text);
    }

    @Property
    void sdpShapedTextIsAModelOrAnSdpException(@ForAll("sdpShaped") String text) {
        checkParse(text);
    }

    @Property(tries = 500)
    void mutatedOffersAreAModelOrAnSdpException(@ForAll("offers") String offer,
            @ForAll("mutations") List<Mutation> mutations) {
        String text = mutate(offer, mutations);
        Sdp sdp = checkParse(text);
        if (sdp == null) {
            return;
        }
        try {
            Negotiation n = Fixtures.answerer().answer(sdp, Map.of(), 1);
            assertEquals(n.answer(), SdpParser.parse(n.answerSdp()));
        } catch (NegotiationException expected) {
            // an offer xsfu cannot answer: a value, not a crash
        }
    }

    @Property(tries = 300)
    void mutatedSimulcastOfferWithStreamsIsAnAnswerOrATypedError(
            @ForAll("mutations") List<Mutation> mutations) {
        String text = mutate(ChromiumOffers.SIMULCAST, mutations);
        try {
            Negotiation n = Fixtures.answerer().answer(text, Map.of("2", BOB_MIC, "3", BOB_CAM), 1);
            assertEquals(n.answer(), SdpParser.parse(n.answerSdp()));
        } catch (SdpException | NegotiationException expected) {
            // typed, as promised
        }
    }

    /** The model, or null after an SdpException; a model must write back to an equal model. */
    private static Sdp checkParse(String text) {
        Sdp sdp;
        try {
            sdp = SdpParser.parse(text);
        } catch (SdpException expected) {
            return null;
        }
        assertEquals(sdp, SdpParser.parse(SdpWriter.write(sdp)), "write then parse gives the same model");
        return sdp;
    }

    @Provide
    Arbitrary<String> offers() {
        return Arbitraries.of(OFFERS);
    }

    @Provide
    Arbitrary<String> sdpShaped() {
        Arbitrary<String> line = Arbitraries.oneOf(attributeLine(), Combinators.combine(
                Arbitraries.of('v', 'o', 's', 't', 'c', 'm', 'b', 'i', 'u', 'e', 'p', 'z', 'k', 'r', 'x', 'A'),
                value()).as((type, value) -> type + "=" + value));
        String header = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        return Combinators.combine(Arbitraries.of("", header, header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"),
                line.list().ofMaxSize(30)).as((start, lines) -> start + String.join("\r\n", lines));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 1000), Arbitraries.oneOf(value(), attributeLine())).as(Mutation::new);
    }

    private static Arbitrary<String> attributeLine() {
        return Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(":", ""), value())
                .as((field, colon, value) -> "a=" + field + colon + value);
    }

    private static Arbitrary<String> value() {
        Arbitrary<String> random = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(40);
        Arbitrary<String> words = Arbitraries.of(SPECIAL).list().ofMaxSize(6).map(w -> String.join(" ", w));
        return Arbitraries.oneOf(random, words, Arbitraries.of(SPECIAL));
    }

    /** One edit of an offer's lines: which edit, where, and what text it brings. */
    record Mutation(int op, int line, int position, String text) {}

    private static String mutate(String offer, List<Mutation> mutations) {
        List<String> lines = new ArrayList<>(Arrays.asList(offer.split("\r\n", -1)));
        for (Mutation m : mutations) {
            int at = m.line() % lines.size();
            String line = lines.get(at);
            int pos = line.isEmpty() ? 0 : m.position() % line.length();
            switch (m.op()) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.set(at, line.substring(0, Math.max(line.indexOf(':') + 1, Math.min(2, line.length())))
                        + m.text());
                case 3 -> lines.add(at, m.text());
                case 4 -> lines.set(at, line.substring(0, pos));
                default -> lines.set(at, line.substring(0, pos) + m.text() + line.substring(pos));
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
        }
        return String.join("\r\n", lines);
    }
}
