package io.xsfu.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import java.io.UncheckedIOException;

/** The protocol's JSON: one strict mapper, and the shapes of responses, errors, events, producers and consumers. */
final class Json {
    /**
     * Duplicate keys and trailing content are errors (a request means one thing); nesting is shallow in this
     * protocol, so a deep document is an attack on the parser and is refused early.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(32).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String result(long id, JsonNode result) {
        ObjectNode message = object();
        message.put("id", id);
        message.set("result", result);
        return text(message);
    }

    /** {@code id} null when the request's id could not be read. */
    static String error(Long id, ErrorCode code, String text) {
        ObjectNode message = object();
        if (id == null) {
            message.putNull("id");
        } else {
            message.put("id", id);
        }
        ObjectNode error = message.putObject("error");
        error.put("code", code.name());
        error.put("message", text);
        return text(message);
    }

    static String event(String name, JsonNode data) {
        ObjectNode message = object();
        message.put("event", name);
        message.set("data", data);
        return text(message);
    }

    static ObjectNode producer(ProducerInfo p) {
        ObjectNode node = object();
        node.put("key", p.key());
        node.put("participant", p.participant());
        node.put("id", p.id());
        node.put("kind", p.kind());
        node.put("codec", p.codec());
        node.put("payloadType", p.payloadType());
        node.put("clockRate", p.clockRate());
        return node;
    }

    static ObjectNode consumer(ConsumerInfo c) {
        ObjectNode node = object();
        node.put("id", c.id());
        node.put("producer", c.producerKey());
        node.put("ssrc", c.ssrc());
        node.put("payloadType", c.payloadType());
        node.put("codec", c.codec());
        node.put("clockRate", c.clockRate());
        if (c.rtxPayloadType() >= 0) {
            ObjectNode rtx = node.putObject("rtx");
            rtx.put("payloadType", c.rtxPayloadType());
            rtx.put("ssrc", c.rtxSsrc());
        }
        node.put("paused", c.paused());
        return node;
    }
}
