package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import io.xsfu.sfu.SfuControl.RoomView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Every interval, each connected participant gets a {@code stats} event with its own producers' received and
 * consumers' sent packet and byte counts, read from the SFU's live counters. Control thread only.
 */
final class StatsReporter {
    static final String PRODUCER_PACKETS = "xsfu_producer_rx_packets_total";
    static final String PRODUCER_BYTES = "xsfu_producer_rx_bytes_total";
    static final String CONSUMER_PACKETS = "xsfu_consumer_tx_packets_total";
    static final String CONSUMER_BYTES = "xsfu_consumer_tx_bytes_total";

    private final Sessions sessions;
    private final SfuControl sfu;
    private final CounterSource counters;
    private final ControlThread control;
    private final Duration interval;
    private final Clock clock;
    private ControlThread.Timer timer;

    StatsReporter(Sessions sessions, SfuControl sfu, CounterSource counters, ControlThread control, Duration interval,
                  Clock clock) {
        this.sessions = sessions;
        this.sfu = sfu;
        this.counters = counters;
        this.control = control;
        this.interval = interval;
        this.clock = clock;
    }

    void start() {
        if (!interval.isZero()) {
            timer = control.repeat(this::report, interval);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Sends every connected participant its stats now. */
    void report() {
        if (sessions.connected() == 0) {
            return;
        }
        List<RoomView> rooms = sfu.rooms();
        CounterIndex index = CounterIndex.of(counters.counters());
        long now = clock.millis();
        for (Session session : sessions.all()) {
            if (session.connection != null) {
                session.connection.send(Json.event("stats", stats(session, rooms, index, now)));
            }
        }
    }

    static ObjectNode stats(Session session, List<RoomView> rooms, CounterIndex index, long now) {
        ObjectNode data = Json.object();
        data.put("time", now);
        ArrayNode producers = data.putArray("producers");
        ArrayNode consumers = data.putArray("consumers");
        ParticipantView self = Views.participant(rooms, session.room, session.identity).orElse(null);
        if (self == null) {
            return data;
        }
        for (ProducerInfo p : self.producers()) {
            ObjectNode producer = producers.addObject();
            producer.put("id", p.id());
            producer.put("key", p.key());
            producer.put("packets", index.value(PRODUCER_PACKETS, session.room, session.identity, p.id()));
            producer.put("bytes", index.value(PRODUCER_BYTES, session.room, session.identity, p.id()));
        }
        for (ConsumerInfo c : self.consumers()) {
            ObjectNode consumer = consumers.addObject();
            consumer.put("id", c.id());
            consumer.put("producer", c.producerKey());
            consumer.put("ssrc", c.ssrc());
            consumer.put("paused", c.paused());
            consumer.put("packets", index.value(CONSUMER_PACKETS, session.room, session.identity, c.producerKey()));
            consumer.put("bytes", index.value(CONSUMER_BYTES, session.room, session.identity, c.producerKey()));
        }
        return data;
    }
}
