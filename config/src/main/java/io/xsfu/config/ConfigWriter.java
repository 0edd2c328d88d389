package io.xsfu.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a config as the JSON that {@link ConfigLoader} reads back into an equal config. Every
 * field is written, defaults included, so a generated file shows what the server will do; the
 * signaling section only if the config has one (its absence means no endpoint). An inline token
 * key and SRTP keys are written as they are: treat a written config like the keys.
 */
public final class ConfigWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));

    private ConfigWriter() {
    }

    /** The config as pretty-printed JSON, ending with a newline. Does not validate. */
    public static String toJson(XsfuConfig config) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(tree(config)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serializes", e);
        }
    }

    /** Writes {@link #toJson} to {@code file}, replacing it. */
    public static void write(XsfuConfig config, Path file) {
        try {
            Files.writeString(file, toJson(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static ObjectNode tree(XsfuConfig config) {
        ObjectNode root = NODES.objectNode();
        root.set("media", media(config.media()));
        root.put("backend", config.backend().jsonName());
        root.set("afxdp", afxdp(config.afxdp()));
        ObjectNode socket = root.putObject("socket");
        socket.put("batchSize", config.socket().batchSize());
        socket.put("receiveBufferBytes", config.socket().receiveBufferBytes());
        socket.put("sendBufferBytes", config.socket().sendBufferBytes());
        ObjectNode agent = root.putObject("agent");
        agent.set("idleStrategy", switch (config.agent().idleStrategy()) {
            case IdleStrategyConfig.BusySpin s -> NODES.textNode(s.type());
            case IdleStrategyConfig.Yield s -> NODES.textNode(s.type());
            case IdleStrategyConfig.Backoff s -> NODES.objectNode().put("type", s.type()).put("maxParkMicros", s.maxParkMicros());
            case IdleStrategyConfig.Sleep s -> NODES.objectNode().put("type", s.type()).put("sleepMicros", s.sleepMicros());
        });
        agent.put("batchSize", config.agent().batchSize());
        root.putObject("counters").put("directory", config.counters().directory().toString());
        config.signaling().ifPresent(signaling -> root.set("signaling", signaling(signaling)));
        ArrayNode rooms = root.putArray("rooms");
        for (RoomConfig room : config.rooms()) {
            ObjectNode r = rooms.addObject();
            r.put("id", room.id());
            ArrayNode participants = r.putArray("participants");
            for (ParticipantConfig participant : room.participants()) {
                participants.add(participant(participant));
            }
        }
        return root;
    }

    private static ObjectNode media(MediaConfig media) {
        ObjectNode node = NODES.objectNode();
        node.put("interface", media.interfaceName());
        ArrayNode addresses = node.putArray("addresses");
        for (InetAddress address : media.addresses()) {
            addresses.add(IpLiterals.format(address));
        }
        node.put("portMin", media.portMin());
        node.put("portMax", media.portMax());
        return node;
    }

    private static ObjectNode signaling(SignalingSettings signaling) {
        ObjectNode node = NODES.objectNode();
        node.putObject("listen")
                .put("address", signaling.listen().addressLiteral())
                .put("port", signaling.listen().port());
        switch (signaling.tokenKey()) {
            case TokenKeySource.File(var file) -> node.put("tokenKeyFile", file.toString());
            case TokenKeySource.Inline(var key) -> node.put("tokenKey", key);
        }
        signaling.tls().ifPresent(tls -> node.putObject("tls")
                .put("certificate", tls.certificate().toString())
                .put("privateKey", tls.privateKey().toString()));
        SignalingLimits limits = signaling.limits();
        node.putObject("limits")
                .put("maxMessageBytes", limits.maxMessageBytes())
                .put("requestsPerSecond", limits.requestsPerSecond())
                .put("maxParticipantsPerRoom", limits.maxParticipantsPerRoom())
                .put("maxRooms", limits.maxRooms())
                .put("gracePeriodSeconds", limits.gracePeriodSeconds())
                .put("statsIntervalSeconds", limits.statsIntervalSeconds());
        return node;
    }

    private static ObjectNode afxdp(AfXdpConfig afxdp) {
        return NODES.objectNode()
                .put("xdpMode", afxdp.xdpMode().jsonName())
                .put("bindMode", afxdp.bindMode().jsonName())
                .put("frameSize", afxdp.frameSize())
                .put("framesPerQueue", afxdp.framesPerQueue())
                .put("ringSize", afxdp.ringSize())
                .put("needWakeup", afxdp.needWakeup());
    }

    private static ObjectNode participant(ParticipantConfig participant) {
        ObjectNode node = NODES.objectNode();
        node.put("id", participant.id());
        node.put("port", participant.port());
        ObjectNode remote = node.putObject("remote");
        switch (participant.remote()) {
            case RemoteConfig.Fixed(var address) -> {
                remote.put("address", IpLiterals.format(address.getAddress()));
                remote.put("port", address.getPort());
            }
            case RemoteConfig.Comedia comedia -> remote.put("comedia", true);
        }
        node.put("send", participant.send());
        node.put("receive", participant.receive());
        participant.subscribe().ifPresent(ids -> ids.forEach(node.withArray("subscribe")::add));
        if (!participant.producers().isEmpty()) {
            ArrayNode producers = node.putArray("producers");
            participant.producers().forEach(p -> producers.add(producer(p)));
        }
        RtcpFeedbackConfig rtcp = participant.rtcp();
        node.putObject("rtcp")
                .put("nack", rtcp.nack())
                .put("pli", rtcp.pli())
                .put("fir", rtcp.fir())
                .put("remb", rtcp.remb())
                .put("transportCc", rtcp.transportCc());
        node.put("rtx", participant.rtx());
        ArrayNode extensions = node.putArray("headerExtensions");
        for (HeaderExtensionConfig extension : participant.headerExtensions()) {
            extensions.addObject().put("id", extension.id()).put("uri", extension.uri());
        }
        participant.srtp().ifPresent(srtp -> node.putObject("srtp")
                .put("cryptoSuite", srtp.cryptoSuite().jsonName())
                .put("receiveKey", srtp.receiveKey())
                .put("sendKey", srtp.sendKey()));
        return node;
    }

    private static ObjectNode producer(ProducerConfig producer) {
        ObjectNode node = NODES.objectNode()
                .put("id", producer.id())
                .put("kind", producer.kind().jsonName())
                .put("codec", producer.codec().jsonName())
                .put("payloadType", producer.payloadType())
                .put("clockRate", producer.clockRate());
        // A video codec has no channels: the field is left out rather than written as 0, which the loader would reject.
        if (producer.codec().kind() == MediaKind.AUDIO || producer.channels() != producer.codec().channels()) {
            node.put("channels", producer.channels());
        }
        node.put("ssrc", producer.ssrc());
        producer.rtx().ifPresent(rtx -> node.putObject("rtx").put("payloadType", rtx.payloadType()).put("ssrc", rtx.ssrc()));
        if (!producer.encodings().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode list = node.putArray("encodings");
            for (EncodingConfig e : producer.encodings()) {
                ObjectNode item = list.addObject();
                if (e.rid() != null) {
                    item.put("rid", e.rid());
                }
                item.put("ssrc", e.ssrc());
                if (e.rtxSsrc() != 0) {
                    item.put("rtxSsrc", e.rtxSsrc());
                }
                if (e.maxBitrate() != 0) {
                    item.put("maxBitrate", e.maxBitrate());
                }
            }
        }
        return node;
    }
}
