package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import io.xsfu.sfu.SfuControl.RoomView;
import io.xsfu.sfu.SfuException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The participants that joined through signaling and their lifecycle: join (with the room limits), resume
 * within the grace period, take-over by a newer connection, leave, and the delayed leave of a dropped
 * connection. Control thread only.
 */
final class Sessions {
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
    /** Application-range close code (RFC 6455 7.4.2): the same participant connected again elsewhere. */
    static final WebSocketCloseStatus REPLACED = new WebSocketCloseStatus(4001, "replaced by a newer connection");

    private final SfuControl sfu;
    private final SignalingConfig config;
    private final ControlThread control;
    private final Map<String, Map<String, Session>> byRoom = new HashMap<>();

    Sessions(SfuControl sfu, SignalingConfig config, ControlThread control) {
        this.sfu = sfu;
        this.config = config;
        this.control = control;
    }

    /**
     * Joins {@code connection} as the grant's participant, or resumes that participant's session if it exists
     * (waiting for a reconnect, or still held by an older connection, which is closed).
     */
    ObjectNode join(ClientConnection connection, Grant grant) {
        Session existing = find(grant.room(), grant.identity());
        if (existing != null) {
            return resume(existing, connection, grant);
        }
        List<RoomView> rooms = sfu.rooms();
        Optional<RoomView> room = Views.room(rooms, grant.room());
        if (room.isEmpty() && rooms.size() >= config.maxRooms()) {
            throw new SignalingException(ErrorCode.TOO_MANY_ROOMS, "the server has its maximum of " + config.maxRooms()
                    + " rooms");
        }
        if (room.isPresent() && room.get().participants().size() >= config.maxParticipantsPerRoom()) {
            throw new SignalingException(ErrorCode.ROOM_FULL, "room '" + grant.room() + "' has its maximum of "
                    + config.maxParticipantsPerRoom() + " participants");
        }
        SfuControl.JoinResult joined = sfu.join(grant.room(), grant.identity());
        Session session = new Session(grant);
        session.connection = connection;
        connection.session = session;
        connection.markJoined();
        byRoom.computeIfAbsent(grant.room(), r -> new LinkedHashMap<>()).put(grant.identity(), session);
        LOG.log(System.Logger.Level.INFO, "{0} joined as {1}", connection, session);
        List<String> others = joined.participants().stream().filter(p -> !p.equals(grant.identity())).toList();
        List<ProducerInfo> producers = joined.producers().stream()
                .filter(p -> !p.participant().equals(grant.identity())).toList();
        return joinResult(session, false, others, producers, null);
    }

    private ObjectNode resume(Session session, ClientConnection connection, Grant grant) {
        if (session.connection == connection) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection has joined already");
        }
        ClientConnection previous = session.connection;
        if (previous != null) {
            previous.session = null;
            ObjectNode data = Json.object();
            data.put("reason", "the same participant joined on another connection");
            previous.send(Json.event("sessionReplaced", data));
            previous.close(REPLACED);
        }
        if (session.expiry != null) {
            session.expiry.cancel();
            session.expiry = null;
        }
        session.grant = grant;
        session.connection = connection;
        connection.session = session;
        connection.markJoined();
        LOG.log(System.Logger.Level.INFO, "{0} resumed {1}", connection, session);
        List<RoomView> rooms = sfu.rooms();
        List<ParticipantView> others = Views.room(rooms, session.room).map(RoomView::participants).orElse(List.of())
                .stream().filter(p -> !p.id().equals(session.identity)).toList();
        List<ProducerInfo> producers = others.stream().flatMap(p -> p.producers().stream()).toList();
        ParticipantView self = Views.participant(rooms, session.room, session.identity).orElse(null);
        return joinResult(session, true, others.stream().map(ParticipantView::id).toList(), producers, self);
    }

    private static ObjectNode joinResult(Session session, boolean resumed, List<String> participants,
                                         List<ProducerInfo> producers, ParticipantView self) {
        ObjectNode result = Json.object();
        result.put("room", session.room);
        result.put("participant", session.identity);
        ArrayNode permissions = result.putArray("permissions");
        session.grant.permissions().stream().sorted().forEach(p -> permissions.add(p.claim()));
        result.put("resumed", resumed);
        ArrayNode others = result.putArray("participants");
        participants.forEach(others::add);
        ArrayNode available = result.putArray("producers");
        producers.forEach(p -> available.add(Json.producer(p)));
        ObjectNode own = result.putObject("self");
        if (self != null && Views.hasTransport(self)) {
            ObjectNode transport = own.putObject("transport");
            transport.put("port", self.port());
            if (self.remote() == null) {
                transport.putNull("remote");
            } else {
                transport.put("remote", self.remote());
            }
        } else {
            own.putNull("transport");
        }
        ArrayNode ownProducers = own.putArray("producers");
        ArrayNode ownConsumers = own.putArray("consumers");
        if (self != null) {
            self.producers().forEach(p -> ownProducers.add(Json.producer(p)));
            self.consumers().forEach(c -> {
                ObjectNode consumer = Json.consumer(c);
                Session.Layers layers = session.preferredLayers.get(c.id());
                if (layers != null) {
                    consumer.put("spatialLayer", layers.spatial());
                    consumer.put("temporalLayer", layers.temporal());
                }
                ownConsumers.add(consumer);
            });
        }
        return result;
    }

    /** The participant leaves on request: everything it had is released now. */
    void leave(Session session) {
        try {
            sfu.leave(session.room, session.identity);
        } catch (SfuException e) {
            if (e.code() != SfuException.Code.NOT_FOUND) {
                throw e;
            }
        }
        forget(session);
        LOG.log(System.Logger.Level.INFO, "{0} left", session);
    }

    /** The connection closed: its participant waits the grace period for a reconnect, then leaves. */
    void disconnected(ClientConnection connection) {
        Session session = connection.session;
        connection.session = null;
        if (session == null || session.connection != connection) {
            return;
        }
        session.connection = null;
        if (config.gracePeriodSeconds() == 0) {
            expire(session);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "{0} disconnected; {1} leaves in {2} s unless it reconnects", connection,
                session, config.gracePeriodSeconds());
        session.expiry = control.schedule(() -> expire(session), Duration.ofSeconds(config.gracePeriodSeconds()));
    }

    private void expire(Session session) {
        if (find(session.room, session.identity) != session || session.connection != null) {
            return;
        }
        try {
            sfu.leave(session.room, session.identity);
            LOG.log(System.Logger.Level.INFO, "{0} left: no reconnect within the grace period", session);
        } catch (SfuException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: leave after disconnect failed: {1}", session, e.getMessage());
        }
        forget(session);
    }

    /** Every participant leaves (server shutdown). */
    void leaveAll() {
        for (Session session : List.copyOf(all())) {
            if (session.connection != null) {
                session.connection.session = null;
            }
            try {
                sfu.leave(session.room, session.identity);
            } catch (SfuException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: leave at shutdown failed: {1}", session, e.getMessage());
            }
            forget(session);
        }
    }

    private void forget(Session session) {
        if (session.expiry != null) {
            session.expiry.cancel();
            session.expiry = null;
        }
        if (session.connection != null) {
            session.connection.session = null;
            session.connection = null;
        }
        Map<String, Session> room = byRoom.get(session.room);
        if (room != null && room.get(session.identity) == session) {
            room.remove(session.identity);
            if (room.isEmpty()) {
                byRoom.remove(session.room);
            }
        }
    }

    Session find(String room, String identity) {
        Map<String, Session> sessions = byRoom.get(room);
        return sessions == null ? null : sessions.get(identity);
    }

    Collection<Session> inRoom(String room) {
        return byRoom.getOrDefault(room, Map.of()).values();
    }

    Collection<Session> all() {
        List<Session> all = new ArrayList<>();
        byRoom.values().forEach(room -> all.addAll(room.values()));
        return all;
    }

    /** Sessions with a live connection. */
    int connected() {
        return (int) all().stream().filter(s -> s.connection != null).count();
    }

    /** Sessions waiting for a reconnect. */
    int waiting() {
        return (int) all().stream().filter(s -> s.connection == null).count();
    }
}
