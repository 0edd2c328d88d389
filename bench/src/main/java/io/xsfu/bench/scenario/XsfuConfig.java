package io.xsfu.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * xsfu's config for a scenario: publisher p is a comedia participant on SFU port 40000+p that declares one
 * producer (SSRC {@link #ssrc}); subscriber j is a fixed-remote participant on port 40000+P+j that sends
 * nothing and receives every publisher, at 10.201.0.2:50000+j. The load's RTP is declared as Opus audio:
 * its payload is no codec, and audio needs no keyframe before a consumer starts.
 */
final class XsfuConfig {
    static final int PAYLOAD_TYPE = 96;
    private static final int FIRST_SSRC = 0x5EED_0000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private XsfuConfig() {
    }

    static int ssrc(int publisher) {
        return FIRST_SSRC + publisher;
    }

    static int publisherPort(int publisher) {
        return BenchTopology.FIRST_SFU_PORT + publisher;
    }

    static String json(Scenario s, String backend, String countersDirectory) {
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
        }
        for (int j = 0; j < s.fanout(); j++) {
            ObjectNode sub = participants.addObject();
            sub.put("id", "sub" + j);
            sub.put("port", BenchTopology.FIRST_SFU_PORT + s.publishers() + j);
            ObjectNode remote = sub.putObject("remote");
            remote.put("address", BenchTopology.CLIENT_ADDRESS);
            remote.put("port", BenchTopology.FIRST_SUBSCRIBER_PORT + j);
            sub.put("send", false);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
