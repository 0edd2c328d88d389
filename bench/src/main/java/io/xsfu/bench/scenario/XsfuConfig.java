package io.xsfu.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.bench.load.LoadPacket;
import io.xsfu.bench.load.RtpLoadGenerator;
import java.util.Base64;

/**
 * xsfu's config for a scenario: publisher p is a comedia participant on SFU port 40000+p that declares one
 * producer (SSRC {@link #ssrc}); subscriber j is a fixed-remote participant on port 40000+P+j that sends
 * nothing and receives every publisher, at 10.201.0.2:50000+j. The load's RTP is declared as Opus audio:
 * its payload is no codec, and audio needs no keyframe before a consumer starts.
 *
 * <p>With SRTP every participant has keys ({@link #publisherKey}: what the load generator protects with), and
 * all negotiate the header extension that carries the stamp under the same id, so that xsfu keeps it in the
 * copies (it keeps an extension only between ends that agree on its URI and id). It is declared as
 * abs-capture-time, a URI xsfu knows and forwards untouched; what it holds is the bench's stamp.
 */
final class XsfuConfig {
    static final int PAYLOAD_TYPE = 96;
    static final String SRTP_SUITE = "AES_CM_128_HMAC_SHA1_80";
    static final String STAMP_EXTENSION_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    private static final int FIRST_SSRC = 0x5EED_0000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private XsfuConfig() {
    }

    /** The key publisher p sends SRTP with (master key and salt); benchmark keys, fixed so that runs repeat. */
    static byte[] publisherKey(int publisher) {
        return key(0x5EED_0000L + publisher);
    }

    private static byte[] key(long seed) {
        byte[] k = new byte[RtpLoadGenerator.SRTP_PROFILE.keyLength() + RtpLoadGenerator.SRTP_PROFILE.saltLength()];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    private static void srtp(ObjectNode participant, long receiveSeed, long sendSeed) {
        Base64.Encoder b64 = Base64.getEncoder();
        participant.putObject("srtp").put("cryptoSuite", SRTP_SUITE).put("receiveKey", b64.encodeToString(key(receiveSeed)))
                .put("sendKey", b64.encodeToString(key(sendSeed)));
        participant.putArray("headerExtensions").addObject().put("id", LoadPacket.STAMP_EXTENSION_ID)
                .put("uri", STAMP_EXTENSION_URI);
    }

    static String json(Scenario s, String backend, String countersDirectory) {
        return json(s, backend, countersDirectory, false);
    }

    static int ssrc(int publisher) {
        return FIRST_SSRC + publisher;
    }

    static int publisherPort(int publisher) {
        return BenchTopology.FIRST_SFU_PORT + publisher;
    }

    static String json(Scenario s, String backend, String countersDirectory, boolean srtp) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode media = root.putObject("media");
        media.put("interface", BenchTopology.SFU_IF);
        media.putArray("addresses").add(BenchTopology.SFU_ADDRESS);
        media.put("portMin", BenchTopology.FIRST_SFU_PORT);
        media.put("portMax", BenchTopology.FIRST_SFU_PORT + BenchTopology.SFU_PORTS - 1);
        root.put("backend", backend);
        ObjectNode agent = root.putObject("agent");
        agent.put("idleStrategy", "busy-spin");
        agent.put("batchSize", 64);
        root.putObject("counters").put("directory", countersDirectory);
        ArrayNode participants = root.putArray("rooms").addObject().put("id", "bench").putArray("participants");
        for (int p = 0; p < s.publishers(); p++) {
            ObjectNode pub = participants.addObject();
            pub.put("id", "pub" + p);
            pub.put("port", publisherPort(p));
            pub.putObject("remote").put("comedia", true);
            pub.put("receive", false);
            ObjectNode producer = pub.putArray("producers").addObject();
            producer.put("id", "m");
            producer.put("kind", "audio");
            producer.put("codec", "opus");
            producer.put("payloadType", PAYLOAD_TYPE);
            producer.put("ssrc", Integer.toUnsignedLong(ssrc(p)));
            if (srtp) {
                srtp(pub, 0x5EED_0000L + p, 0x5EED_1000L + p);
            }
        }
        for (int j = 0; j < s.fanout(); j++) {
            ObjectNode sub = participants.addObject();
            sub.put("id", "sub" + j);
            sub.put("port", BenchTopology.FIRST_SFU_PORT + s.publishers() + j);
            ObjectNode remote = sub.putObject("remote");
            remote.put("address", BenchTopology.CLIENT_ADDRESS);
            remote.put("port", BenchTopology.FIRST_SUBSCRIBER_PORT + j);
            sub.put("send", false);
            if (srtp) {
                srtp(sub, 0x5EED_2000L + j, 0x5EED_3000L + j);
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
