package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import io.xsfu.sfu.SfuControl.RoomView;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/rooms}: every room, participant, producer and consumer with its live packet and byte
 * counts, and whether the participant is connected through signaling (configured participants are not).
 * Rates are the reader's job: two reads and their {@code time}. Each room shows its active speaker (null before
 * anyone spoke) and audio producers their smoothed level in dBov; a participant that receives copies its bandwidth
 * estimate, and a simulcast consumer its current and target layers and switch counts.
 */
final class AdminView {
    static final String BWE = "xsfu_participant_bwe_bps";
    static final String LAYER = "xsfu_consumer_layer";

    private AdminView() {
    }

    /** "current_spatial" as "currentSpatial". */
    private static String camel(String snake) {
        int i = snake.indexOf('_');
        return snake.substring(0, i) + Character.toUpperCase(snake.charAt(i + 1)) + snake.substring(i + 2);
    }

    static ObjectNode render(List<RoomView> rooms, CounterIndex index, Sessions sessions, ActiveSpeakers speakers,
                             long now) {
        ObjectNode root = Json.object();
        root.put("time", now);
        ArrayNode roomsNode = root.putArray("rooms");
        for (RoomView room : rooms) {
            ObjectNode roomNode = roomsNode.addObject();
            roomNode.put("id", room.id());
            var speaker = speakers.speaker(room.id());
            if (speaker.isPresent()) {
                roomNode.set("activeSpeaker", ActiveSpeakers.event(speaker.get()));
            } else {
                roomNode.putNull("activeSpeaker");
            }
            Map<String, Double> levels = speakers.levels(room.id());
            ArrayNode participants = roomNode.putArray("participants");
            for (ParticipantView p : room.participants()) {
                participants.add(participant(room.id(), p, index, sessions.find(room.id(), p.id()), levels));
            }
        }
        return root;
    }

    private static ObjectNode participant(String room, ParticipantView p, CounterIndex index, Session session,
                                          Map<String, Double> levels) {
        ObjectNode node = Json.object();
        node.put("id", p.id());
        node.put("static", p.isStatic());
        node.put("signaling", session == null ? "none" : session.connection == null ? "waiting" : "connected");
        if (Views.hasTransport(p)) {
            node.put("port", p.port());
        } else {
            node.putNull("port");
        }
        if (p.remote() == null) {
            node.putNull("remote");
        } else {
            node.put("remote", p.remote());
        }
        node.put("rxPackets", index.value("xsfu_participant_rx_packets_total", room, p.id(), null));
        node.put("rxBytes", index.value("xsfu_participant_rx_bytes_total", room, p.id(), null));
        node.put("txPackets", index.value("xsfu_participant_tx_packets_total", room, p.id(), null));
        node.put("txBytes", index.value("xsfu_participant_tx_bytes_total", room, p.id(), null));
        if (index.has(BWE, room, p.id(), null)) {
            node.put("bandwidthEstimate", index.value(BWE, room, p.id(), null)); // bit/s the SFU may send it
        }
        ArrayNode producers = node.putArray("producers");
        for (ProducerInfo producer : p.producers()) {
            ObjectNode item = Json.producer(producer);
            item.put("packets", index.value(StatsReporter.PRODUCER_PACKETS, room, p.id(), producer.id()));
            item.put("bytes", index.value(StatsReporter.PRODUCER_BYTES, room, p.id(), producer.id()));
            Double level = levels.get(producer.key());
            if (level != null) {
                item.put("audioLevel", Math.round(level)); // smoothed dBov, for producers that send RFC 6464 levels
            }
            producers.add(item);
        }
        ArrayNode consumers = node.putArray("consumers");
        for (ConsumerInfo consumer : p.consumers()) {
            ObjectNode item = Json.consumer(consumer);
            item.put("packets", index.value(StatsReporter.CONSUMER_PACKETS, room, p.id(), consumer.producerKey()));
            item.put("bytes", index.value(StatsReporter.CONSUMER_BYTES, room, p.id(), consumer.producerKey()));
            String key = consumer.producerKey();
            if (index.has(LAYER + "/current_spatial", room, p.id(), key)) {
                // A simulcast consumer: which encoding and temporal layer it gets, what the allocator wants.
                ObjectNode layers = item.putObject("layers");
                for (String kind : new String[] {"current_spatial", "current_temporal", "target_spatial",
                        "target_temporal"}) {
                    layers.put(camel(kind), index.value(LAYER + "/" + kind, room, p.id(), key));
                }
                layers.put("switches", index.value("xsfu_consumer_layer_switches_total", room, p.id(), key));
                layers.put("keyFrameTimeouts", index.value("xsfu_consumer_keyframe_timeouts_total", room, p.id(), key));
            }
            consumers.add(item);
        }
        return node;
    }
}
