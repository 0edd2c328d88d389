package io.xsfu.signaling;

import io.xsfu.route.ProducerSpec;
import io.xsfu.route.TransportOptions;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory SFU room model with the contract of {@link SfuControl} (validation, codes, listeners called
 * after each change on the calling thread) and no data plane: what signaling's unit tests drive.
 */
final class FakeSfu implements SfuControl {
    static final List<String> ADDRESSES = List.of("192.0.2.10");
    static final int PORT_MIN = 40000;

    private final int portMax;
    private final Map<String, Map<String, Participant>> rooms = new LinkedHashMap<>();
    private final List<SfuListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private int nextConsumer = 1;

    private static final class Participant {
        final String id;
        final boolean isStatic;
        int port;
        String remote;
        TransportOptions options;
        final Map<String, ProducerSpec> producers = new LinkedHashMap<>();
        final Map<String, ConsumerInfo> consumers = new LinkedHashMap<>();

        Participant(String id, boolean isStatic) {
            this.id = id;
            this.isStatic = isStatic;
        }
    }

    FakeSfu() {
        this(PORT_MIN + 99);
    }

    FakeSfu(int portMax) {
        this.portMax = portMax;
    }

    /** Every mutating call, as "method room/participant", in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** A participant from the config file: present without signaling. */
    synchronized void addStatic(String room, String participant) {
        rooms.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(participant, new Participant(participant, true));
    }

    @Override
    public JoinResult join(String room, String participant) {
        List<String> participants;
        List<ProducerInfo> producers = new ArrayList<>();
        synchronized (this) {
            Map<String, Participant> members = rooms.get(room);
            if (members != null && members.containsKey(participant)) {
                throw new SfuException(SfuException.Code.CONFLICT, participant + " is in " + room + " already");
            }
            members = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
            members.put(participant, new Participant(participant, false));
            participants = List.copyOf(members.keySet());
            for (Participant p : members.values()) {
                if (!p.id.equals(participant)) {
                    p.producers.values().forEach(spec -> producers.add(info(p.id, spec)));
                }
            }
            calls.add("join " + room + "/" + participant);
        }
        listeners.forEach(l -> l.participantJoined(room, participant));
        return new JoinResult(room, participant, participants, producers);
    }

    @Override
    public synchronized TransportInfo createTransport(String room, String participant, InetSocketAddress remote,
                                                      TransportOptions options) {
        Participant p = participant(room, participant);
        if (p.port != 0) {
            throw new SfuException(SfuException.Code.CONFLICT, participant + " has a transport");
        }
        int port = PORT_MIN;
        while (port <= portMax && portUsed(port)) {
            port++;
        }
        if (port > portMax) {
            throw new SfuException(SfuException.Code.NO_PORTS, "no free port in " + PORT_MIN + ".." + portMax);
        }
        p.port = port;
        p.remote = remote == null ? null : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        p.options = options;
        calls.add("createTransport " + room + "/" + participant);
        return new TransportInfo(ADDRESSES, port);
    }

    @Override
    public ProducerInfo produce(String room, String participant, ProducerSpec spec) {
        ProducerInfo info;
        synchronized (this) {
            Participant p = participant(room, participant);
            if (p.port == 0) {
                throw new SfuException(SfuException.Code.INVALID, participant + " has no transport to produce on");
            }
            if (p.producers.containsKey(spec.id())) {
                throw new SfuException(SfuException.Code.CONFLICT, "producer " + spec.id() + " exists");
            }
            for (Participant other : rooms.get(room).values()) {
                for (ProducerSpec s : other.producers.values()) {
                    if (s.ssrc() == spec.ssrc() || s.hasRtx() && s.rtxSsrc() == spec.ssrc()
                            || spec.hasRtx() && (s.ssrc() == spec.rtxSsrc() || s.hasRtx() && s.rtxSsrc() == spec.rtxSsrc())) {
                        throw new SfuException(SfuException.Code.CONFLICT, "ssrc in use in " + room);
                    }
                }
            }
            p.producers.put(spec.id(), spec);
            info = info(participant, spec);
            calls.add("produce " + room + "/" + participant + "/" + spec.id());
        }
        listeners.forEach(l -> l.producerAdded(room, info));
        return info;
    }

    @Override
    public synchronized ConsumerInfo consume(String room, String participant, String producerKey, boolean paused,
                                             int payloadType, int rtxPayloadType) {
        Participant p = participant(room, participant);
        int slash = producerKey.indexOf('/');
        Participant owner = slash < 0 ? null : rooms.get(room).get(producerKey.substring(0, slash));
        ProducerSpec spec = owner == null ? null : owner.producers.get(producerKey.substring(slash + 1));
        if (spec == null) {
            throw new SfuException(SfuException.Code.NOT_FOUND, "no producer " + producerKey + " in " + room);
        }
        if (owner == p) {
            throw new SfuException(SfuException.Code.INVALID, "a participant does not consume its own producer");
        }
        if (p.port == 0) {
            throw new SfuException(SfuException.Code.INVALID, participant + " has no transport to receive on");
        }
        if (p.consumers.values().stream().anyMatch(c -> c.producerKey().equals(producerKey))) {
            throw new SfuException(SfuException.Code.CONFLICT, participant + " consumes " + producerKey + " already");
        }
        int n = nextConsumer++;
        boolean rtx = p.options.rtx() && spec.hasRtx();
        ConsumerInfo consumer = new ConsumerInfo("c" + n, producerKey, 0x10000000L + n * 2L,
                payloadType >= 0 ? payloadType : spec.payloadType(),
                codecName(spec), spec.clockRate(), rtx ? 0x10000001L + n * 2L : -1,
                rtx ? (rtxPayloadType >= 0 ? rtxPayloadType : spec.rtxPayloadType()) : -1,
                paused);
        p.consumers.put(consumer.id(), consumer);
        calls.add("consume " + room + "/" + participant + "/" + producerKey);
        return consumer;
    }

    @Override
    public synchronized void closeConsumer(String room, String participant, String producerKey) {
        Participant p = participant(room, participant);
        if (!p.consumers.values().removeIf(c -> c.producerKey().equals(producerKey))) {
            throw new SfuException(SfuException.Code.NOT_FOUND, "no consumer of " + producerKey);
        }
        calls.add("closeConsumer " + room + "/" + participant + "/" + producerKey);
    }

    @Override
    public synchronized void configureTransport(String room, String participant, TransportOptions options) {
        Participant p = participant(room, participant);
        p.options = options;
        calls.add("configureTransport " + room + "/" + participant);
    }

    @Override
    public void closeTransport(String room, String participant) {
        throw new UnsupportedOperationException("signaling's unit tests do not close transports");
    }

    @Override
    public synchronized void setPreferredLayers(String room, String participant, String consumerId, int spatial,
                                                int temporal) {
        Participant p = participant(room, participant);
        if (!p.consumers.containsKey(consumerId)) {
            throw new SfuException(SfuException.Code.NOT_FOUND, "no consumer " + consumerId + " of " + participant);
        }
        calls.add("layers " + room + "/" + participant + "/" + consumerId + " " + spatial + "/" + temporal);
    }

    @Override
    public synchronized void setConsumerPaused(String room, String participant, String consumerId, boolean paused) {
        Participant p = participant(room, participant);
        ConsumerInfo c = p.consumers.get(consumerId);
        if (c == null) {
            throw new SfuException(SfuException.Code.NOT_FOUND, "no consumer " + consumerId + " of " + participant);
        }
        p.consumers.put(consumerId, new ConsumerInfo(c.id(), c.producerKey(), c.ssrc(), c.payloadType(), c.codec(),
                c.clockRate(), c.rtxSsrc(), c.rtxPayloadType(), paused));
        calls.add((paused ? "pause " : "resume ") + room + "/" + participant + "/" + consumerId);
    }

    @Override
    public void closeProducer(String room, String participant, String producerId) {
        synchronized (this) {
            Participant p = participant(room, participant);
            if (p.producers.remove(producerId) == null) {
                throw new SfuException(SfuException.Code.NOT_FOUND, "no producer " + producerId + " of " + participant);
            }
            String key = participant + "/" + producerId;
            rooms.get(room).values().forEach(other -> other.consumers.values().removeIf(c -> c.producerKey().equals(key)));
            calls.add("closeProducer " + room + "/" + key);
        }
        listeners.forEach(l -> l.producerClosed(room, participant + "/" + producerId));
    }

    @Override
    public void leave(String room, String participant) {
        List<String> closed;
        synchronized (this) {
            Participant p = participant(room, participant);
            closed = p.producers.keySet().stream().map(id -> participant + "/" + id).toList();
            Map<String, Participant> members = rooms.get(room);
            members.remove(participant);
            members.values().forEach(other -> other.consumers.values().removeIf(c -> closed.contains(c.producerKey())));
            if (members.isEmpty()) {
                rooms.remove(room);
            }
            calls.add("leave " + room + "/" + participant);
        }
        closed.forEach(key -> listeners.forEach(l -> l.producerClosed(room, key)));
        listeners.forEach(l -> l.participantLeft(room, participant));
    }

    @Override
    public synchronized List<RoomView> rooms() {
        List<RoomView> views = new ArrayList<>();
        rooms.forEach((id, members) -> views.add(new RoomView(id, members.values().stream()
                .map(p -> new ParticipantView(p.id, p.port, p.remote, p.isStatic,
                        p.producers.values().stream().map(spec -> info(p.id, spec)).toList(),
                        List.copyOf(p.consumers.values())))
                .toList())));
        return views;
    }

    @Override
    public void addListener(SfuListener listener) {
        listeners.add(listener);
    }

    private Participant participant(String room, String participant) {
        Map<String, Participant> members = rooms.get(room);
        Participant p = members == null ? null : members.get(participant);
        if (p == null) {
            throw new SfuException(SfuException.Code.NOT_FOUND, "no participant " + participant + " in " + room);
        }
        return p;
    }

    private boolean portUsed(int port) {
        return rooms.values().stream().flatMap(m -> m.values().stream()).anyMatch(p -> p.port == port);
    }

    private static String codecName(ProducerSpec spec) {
        return io.xsfu.config.Codec.valueOf(spec.codec().name()).jsonName();
    }

    private static ProducerInfo info(String participant, ProducerSpec spec) {
        return new ProducerInfo(participant + "/" + spec.id(), participant, spec.id(),
                spec.codec().video() ? "video" : "audio", codecName(spec), spec.payloadType(), spec.clockRate());
    }
}
