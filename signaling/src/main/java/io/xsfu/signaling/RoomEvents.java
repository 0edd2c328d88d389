package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuControl.ProducerInfo;

/**
 * Tells the other participants of a room what changed: who joined and left, which producers appeared and
 * closed. The SFU calls the listener on whichever thread made the change (usually ours, inside the call that
 * made it); the event is handed to the control thread, so a request's response goes out before the events it
 * caused.
 */
final class RoomEvents implements SfuControl.SfuListener {
    private final Sessions sessions;
    private final ControlThread control;

    RoomEvents(Sessions sessions, ControlThread control) {
        this.sessions = sessions;
        this.control = control;
    }

    @Override
    public void participantJoined(String room, String participant) {
        ObjectNode data = Json.object();
        data.put("participant", participant);
        control.execute(() -> broadcast(room, participant, Json.event("participantJoined", data)));
    }

    @Override
    public void participantLeft(String room, String participant) {
        ObjectNode data = Json.object();
        data.put("participant", participant);
        control.execute(() -> broadcast(room, participant, Json.event("participantLeft", data)));
    }

    @Override
    public void producerAdded(String room, ProducerInfo producer) {
        String event = Json.event("newProducer", Json.producer(producer));
        control.execute(() -> broadcast(room, producer.participant(), event));
    }

    @Override
    public void producerClosed(String room, String producerKey) {
        ObjectNode data = Json.object();
        data.put("producer", producerKey);
        int slash = producerKey.indexOf('/');
        String owner = slash < 0 ? producerKey : producerKey.substring(0, slash);
        control.execute(() -> broadcast(room, owner, Json.event("producerClosed", data)));
    }

    /** To every connected participant of {@code room} but {@code about} (who caused it and knows). */
    private void broadcast(String room, String about, String event) {
        for (Session session : sessions.inRoom(room)) {
            if (session.connection != null && !session.identity.equals(about)) {
                session.connection.send(event);
            }
        }
    }
}
