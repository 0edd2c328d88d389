package io.xsfu.sfu;

import io.xsfu.config.HeaderExtensionConfig;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.RoomConfig;
import io.xsfu.config.SrtpConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.route.Consumer;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.sfu.SfuException.Code;
import io.xsfu.srtp.SrtpParameters;
import io.xsfu.srtp.SrtpProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;


/**
 * The room model on the control side: the config's static rooms plus what signaling adds at run time.
 * Every change rebuilds the routing table (immutable) and hands it to {@code publish}, which queues it for
 * the forwarding agent; the agent carries packet state over by key. Methods are synchronized: they are
 * control-path calls, never made by the agent.
 */
public final class Rooms implements SfuControl {
    private static final System.Logger LOG = System.getLogger(Rooms.class.getName());

    private final XsfuConfig config;
    private final int maxRooms;
    private final int maxParticipantsPerRoom;
    private final java.util.function.Consumer<RoutingTable> publish;
    private final Map<String, Map<String, Member>> dynamic = new LinkedHashMap<>();
    private final List<SfuListener> listeners = new CopyOnWriteArrayList<>();
    private RoutingTable table;
    /** Consumer key to the layers its subscriber prefers (signaling's setPreferredLayers). */
    private final Map<String, io.xsfu.layers.Layer> preferredLayers = new java.util.concurrent.ConcurrentHashMap<>();

    /** A participant that joined through signaling. */
    private static final class Member {
        final String id;
        int port = -1;
        InetSocketAddress remote;
        TransportOptions options = TransportOptions.DEFAULT;
        final Map<String, ProducerSpec> producers = new LinkedHashMap<>();
        /** Producer key ("participant/producer") to paused. */
        final Map<String, Boolean> consumers = new LinkedHashMap<>();
        /** Producer key to the payload type the subscriber asked for (absent: the producer's). */
        final Map<String, Integer> payloadTypes = new HashMap<>();
        /** Producer key to the RTX payload type the subscriber asked for (absent: the producer's). */
        final Map<String, Integer> rtxPayloadTypes = new HashMap<>();

        Member(String id) {
            this.id = id;
        }
    }

    public Rooms(XsfuConfig config, int maxRooms, int maxParticipantsPerRoom,
                 java.util.function.Consumer<RoutingTable> publish) {
        this.config = config;
        this.maxRooms = maxRooms;
        this.maxParticipantsPerRoom = maxParticipantsPerRoom;
        this.publish = publish;
        this.table = build();
    }

    /** The routing table as it stands (the initial one before any signaling). */
    public synchronized RoutingTable table() {
        return table;
    }

    @Override
    public synchronized JoinResult join(String room, String participant) {
        requireId(room, "room");
        requireId(participant, "participant");
        Map<String, Member> members = dynamic.get(room);
        boolean newRoom = members == null && staticRoom(room) == null;
        if (newRoom && roomCount() >= maxRooms) {
            throw new SfuException(Code.TOO_MANY_ROOMS, "the server has its maximum of " + maxRooms + " rooms");
        }
        if (isStaticParticipant(room, participant) || members != null && members.containsKey(participant)) {
            throw new SfuException(Code.CONFLICT, "participant '" + participant + "' is already in room '" + room + "'");
        }
        if (participantCount(room) >= maxParticipantsPerRoom) {
            throw new SfuException(Code.ROOM_FULL, "room '" + room + "' has its maximum of " + maxParticipantsPerRoom
                    + " participants");
        }
        dynamic.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(participant, new Member(participant));
        LOG.log(System.Logger.Level.INFO, "{0}/{1} joined", room, participant);
        listeners.forEach(l -> l.participantJoined(room, participant));
        return new JoinResult(room, participant, participantIds(room), producerInfos(room));
    }

    @Override
    public synchronized TransportInfo createTransport(String room, String participant, InetSocketAddress remote,
                                                      TransportOptions options) {
        Member m = member(room, participant);
        if (m.port >= 0) {
            throw new SfuException(Code.CONFLICT, "participant '" + participant + "' already has a transport (port " + m.port + ")");
        }
        if (remote != null && config.media().addresses().stream().noneMatch(a -> sameFamily(a, remote.getAddress()))) {
            throw new SfuException(Code.INVALID, "the SFU has no media address of the remote's family: " + remote);
        }
        int port = freePort();
        m.port = port;
        m.remote = remote;
        m.options = options;
        rebuild();
        return new TransportInfo(config.media().addresses().stream().map(InetAddress::getHostAddress).toList(), port);
    }

    @Override
    public synchronized ProducerInfo produce(String room, String participant, ProducerSpec spec) {
        Member m = member(room, participant);
        requireTransport(m);
        requireId(spec.id(), "producer id");
        if (m.producers.containsKey(spec.id())) {
            throw new SfuException(Code.CONFLICT, "producer '" + spec.id() + "' exists");
        }
        List<Integer> declared = ssrcs(spec);
        java.util.Set<Integer> own = new java.util.HashSet<>(declared);
        if (own.size() != declared.size()) {
            throw new SfuException(Code.INVALID, "producer '" + spec.id() + "' uses an SSRC twice");
        }
        for (ProducerSpec p : m.producers.values()) {
            if (ssrcs(p).stream().anyMatch(own::contains)) {
                throw new SfuException(Code.CONFLICT, "an SSRC of producer '" + spec.id() + "' is used by '" + p.id() + "'");
            }
            if (p.payloadType() == spec.payloadType() && p.codec() != spec.codec()) {
                throw new SfuException(Code.CONFLICT, "payload type " + spec.payloadType() + " is " + p.codec() + " for '" + p.id() + "'");
            }
        }
        m.producers.put(spec.id(), spec);
        rebuild();
        ProducerInfo info = info(participant, spec);
        listeners.forEach(l -> l.producerAdded(room, info));
        return info;
    }

    /** Every SSRC a producer declared: each encoding's, and its RTX SSRC when it has RTX (0: learned from its RID). */
    private static List<Integer> ssrcs(ProducerSpec spec) {
        List<Integer> all = new ArrayList<>();
        for (int e = 0; e < spec.encodingCount(); e++) {
            if (spec.ssrcOf(e) != 0) {
                all.add(spec.ssrcOf(e));
            }
            if (spec.hasRtx() && spec.rtxSsrcOf(e) != 0) {
                all.add(spec.rtxSsrcOf(e));
            }
        }
        return all;
    }

    @Override
    public synchronized ConsumerInfo consume(String room, String participant, String producerKey, boolean paused,
                                             int payloadType, int rtxPayloadType) {
        Member m = member(room, participant);
        requireTransport(m);
        ProducerSpec producer = findProducer(room, producerKey);
        if (producerKey.startsWith(participant + "/")) {
            throw new SfuException(Code.INVALID, "a participant does not consume its own producer");
        }
        if (m.consumers.containsKey(producerKey)) {
            throw new SfuException(Code.CONFLICT, "already consuming '" + producerKey + "'");
        }
        if (payloadType != -1 && (payloadType < 96 || payloadType > 127)) {
            throw new SfuException(Code.INVALID, "payload type must be a dynamic one (96..127): " + payloadType);
        }
        if (payloadType != -1 && producer.hasRtx() && payloadType == producer.rtxPayloadType()) {
            throw new SfuException(Code.INVALID, "payload type " + payloadType + " is the producer's RTX payload type");
        }
        if (rtxPayloadType != -1 && (rtxPayloadType < 96 || rtxPayloadType > 127 || rtxPayloadType == payloadType)) {
            throw new SfuException(Code.INVALID, "RTX payload type must be a dynamic one (96..127) other than the "
                    + "media's: " + rtxPayloadType);
        }
        m.consumers.put(producerKey, paused);
        if (payloadType != -1) {
            m.payloadTypes.put(producerKey, payloadType);
        }
        if (rtxPayloadType != -1) {
            m.rtxPayloadTypes.put(producerKey, rtxPayloadType);
        }
        rebuild();
        return consumerInfo(room, participant, producerKey, producer, paused);
    }

    @Override
    public synchronized void closeConsumer(String room, String participant, String producerKey) {
        Member m = member(room, participant);
        if (m.consumers.remove(producerKey) == null) {
            throw new SfuException(Code.NOT_FOUND, "no consumer of '" + producerKey + "'");
        }
        m.payloadTypes.remove(producerKey);
        m.rtxPayloadTypes.remove(producerKey);
        rebuild();
    }

    @Override
    public synchronized void configureTransport(String room, String participant, TransportOptions options) {
        Member m = member(room, participant);
        requireTransport(m);
        if (options.webrtc() != m.options.webrtc()) {
            throw new SfuException(Code.INVALID, "a transport stays " + (m.options.webrtc() ? "WebRTC" : "plain RTP"));
        }
        if (!java.util.Objects.equals(options.srtp(), m.options.srtp())) {
            // New keys would need the remote to switch at the same packet; close the transport and create one instead.
            throw new SfuException(Code.INVALID, "a transport keeps its SRTP keys (or their absence)");
        }
        m.options = options;
        rebuild();
    }

    @Override
    public synchronized void closeTransport(String room, String participant) {
        Member m = member(room, participant);
        requireTransport(m);
        List<String> closed = m.producers.keySet().stream().map(id -> participant + "/" + id).toList();
        for (Member other : dynamic.get(room).values()) {
            other.consumers.keySet().removeIf(closed::contains);
        }
        m.producers.clear();
        m.consumers.clear();
        m.payloadTypes.clear();
        m.rtxPayloadTypes.clear();
        int port = m.port;
        m.port = -1;
        m.remote = null;
        m.options = TransportOptions.DEFAULT;
        rebuild();
        LOG.log(System.Logger.Level.INFO, "{0}/{1}: transport on port {2} closed", room, participant,
                Integer.toString(port));
        for (String key : closed) {
            listeners.forEach(l -> l.producerClosed(room, key));
        }
    }

    @Override
    public synchronized void setPreferredLayers(String room, String participant, String consumerId, int spatial,
                                                int temporal) {
        Member m = member(room, participant);
        if (!m.consumers.containsKey(consumerId)) {
            throw new SfuException(Code.NOT_FOUND, "no consumer '" + consumerId + "'");
        }
        if (spatial < 0 || temporal < 0) {
            throw new SfuException(Code.INVALID, "layers are 0 or more: " + spatial + "/" + temporal);
        }
        preferredLayers.put(consumerKey(room, participant, consumerId), new io.xsfu.layers.Layer(spatial, temporal));
    }

    /**
     * The layers a subscriber asked for on a consumer (by its routing key, {@code Consumer.key()}), or null: the best
     * there is. Read by the layer allocation on another thread.
     */
    public io.xsfu.layers.Layer preferredLayers(String consumerKey) {
        return preferredLayers.get(consumerKey);
    }

    /** {@code Consumer.key()} of participant's copy of "publisher/producer" in the room. */
    static String consumerKey(String room, String participant, String producerKey) {
        return room + "/" + participant + "<-" + room + "/" + producerKey;
    }

    @Override
    public synchronized void setConsumerPaused(String room, String participant, String consumerId, boolean paused) {
        Member m = member(room, participant);
        if (!m.consumers.containsKey(consumerId)) {
            throw new SfuException(Code.NOT_FOUND, "no consumer '" + consumerId + "'");
        }
        m.consumers.put(consumerId, paused);
        rebuild();
    }

    @Override
    public synchronized void closeProducer(String room, String participant, String producerId) {
        Member m = member(room, participant);
        if (m.producers.remove(producerId) == null) {
            throw new SfuException(Code.NOT_FOUND, "no producer '" + producerId + "'");
        }
        String key = participant + "/" + producerId;
        dynamic.get(room).values().forEach(other -> other.consumers.remove(key));
        rebuild();
        listeners.forEach(l -> l.producerClosed(room, key));
    }

    @Override
    public synchronized void leave(String room, String participant) {
        Member m = member(room, participant);
        Map<String, Member> members = dynamic.get(room);
        members.remove(participant);
        for (Member other : members.values()) {
            other.consumers.keySet().removeIf(k -> k.startsWith(participant + "/"));
        }
        if (members.isEmpty()) {
            dynamic.remove(room);
        }
        rebuild();
        LOG.log(System.Logger.Level.INFO, "{0}/{1} left", room, participant);
        for (String producer : m.producers.keySet()) {
            listeners.forEach(l -> l.producerClosed(room, participant + "/" + producer));
        }
        listeners.forEach(l -> l.participantLeft(room, participant));
    }

    @Override
    public synchronized List<RoomView> rooms() {
        List<RoomView> out = new ArrayList<>();
        Map<String, List<ParticipantView>> byRoom = new LinkedHashMap<>();
        for (Transport t : table.transports()) {
            List<ProducerInfo> producers = new ArrayList<>();
            for (io.xsfu.route.Producer p : t.producers()) {
                producers.add(info(t.participantId(), p.spec()));
            }
            List<ConsumerInfo> consumers = new ArrayList<>();
            for (Consumer c : t.consumers()) {
                consumers.add(consumerInfo(c, c.requestedPaused()));
            }
            byRoom.computeIfAbsent(t.roomId(), r -> new ArrayList<>()).add(new ParticipantView(t.participantId(),
                    t.localPort(), t.remote().known() ? t.remote().toString() : null, isStaticParticipant(t.roomId(), t.participantId()), producers,
                    consumers));
        }
        // Participants that joined but have no transport yet are in the room too.
        dynamic.forEach((room, members) -> members.values().stream().filter(m -> m.port < 0).forEach(m ->
                byRoom.computeIfAbsent(room, r -> new ArrayList<>())
                        .add(new ParticipantView(m.id, -1, null, false, List.of(), List.of()))));
        byRoom.forEach((room, participants) -> out.add(new RoomView(room, List.copyOf(participants))));
        return out;
    }

    @Override
    public void addListener(SfuListener listener) {
        listeners.add(listener);
    }

    // ---- building the routing table -----------------------------------------------------------------

    private void rebuild() {
        table = build();
        // Preferences of consumers that are gone cannot pile up.
        java.util.Set<String> present = new java.util.HashSet<>();
        for (io.xsfu.route.Transport t : table.transports()) {
            for (io.xsfu.route.Consumer c : t.consumers()) {
                present.add(c.key());
            }
        }
        preferredLayers.keySet().retainAll(present);
        publish.accept(table);
    }

    private RoutingTable build() {
        RoutingTable.Builder b = RoutingTable.builder(config.media().portMin(), config.media().portMax());
        for (RoomConfig room : config.rooms()) {
            for (ParticipantConfig p : room.participants()) {
                var remote = p.remote() instanceof RemoteConfig.Fixed f ? f.address() : null;
                b.participant(room.id(), p.id(), p.port(), remote, p.send(), p.receive(), p.subscribe().orElse(null),
                        options(p));
                for (ProducerConfig producer : p.producers()) {
                    b.producer(room.id(), p.id(), spec(producer));
                }
            }
        }
        dynamic.forEach((room, members) -> {
            for (Member m : members.values()) {
                if (m.port < 0) {
                    continue;
                }
                b.participant(room, m.id, m.port, m.remote, !m.producers.isEmpty(), true, List.of(), m.options);
                m.producers.values().forEach(spec -> b.producer(room, m.id, spec));
            }
            for (Member m : members.values()) {
                if (m.port < 0) {
                    continue;
                }
                m.consumers.forEach((key, paused) -> {
                    int slash = key.indexOf('/');
                    b.consumer(room, m.id, key.substring(0, slash), key.substring(slash + 1), paused,
                            m.payloadTypes.getOrDefault(key, -1), m.rtxPayloadTypes.getOrDefault(key, -1));
                });
            }
        });
        return b.build();
    }

    /** The mapping of a config participant's options, shared with anything that builds from config. */
    public static TransportOptions options(ParticipantConfig p) {
        Map<String, Integer> extensions = new HashMap<>();
        for (HeaderExtensionConfig e : p.headerExtensions()) {
            extensions.put(e.uri(), e.id());
        }
        TransportOptions options = new TransportOptions(p.rtcp().nack(), p.rtcp().pli(), p.rtcp().fir(), p.rtx(), extensions);
        return p.srtp().map(s -> options.withSrtp(srtp(s))).orElse(options);
    }

    /** A config participant's SRTP keys; the config is valid (suite names agree, keys are base64 of the right length). */
    public static SrtpParameters srtp(SrtpConfig s) {
        return new SrtpParameters(SrtpProfile.valueOf(s.cryptoSuite().name()), s.receiveKeyBytes(), s.sendKeyBytes());
    }

    public static ProducerSpec spec(ProducerConfig producer) {
        ProducerSpec spec = ProducerSpec.of(producer.id(), MediaCodec.valueOf(producer.codec().name()),
                producer.payloadType(), producer.clockRate(), (int) producer.ssrc());
        if (producer.rtx().isPresent()) {
            spec = spec.withRtx(producer.rtx().get().payloadType(), (int) producer.rtx().get().ssrc());
        }
        if (!producer.encodings().isEmpty()) {
            spec = spec.withSimulcast(producer.encodings().stream()
                    .map(e -> new ProducerSpec.Encoding(e.rid(), (int) e.ssrc(), (int) e.rtxSsrc(), e.maxBitrate()))
                    .toList());
        }
        return spec;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private Member member(String room, String participant) {
        Map<String, Member> members = dynamic.get(room);
        Member m = members == null ? null : members.get(participant);
        if (m == null) {
            throw new SfuException(Code.NOT_FOUND, "participant '" + participant + "' is not in room '" + room + "'");
        }
        return m;
    }

    private static void requireTransport(Member m) {
        if (m.port < 0) {
            throw new SfuException(Code.INVALID, "create the transport first");
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new SfuException(Code.INVALID, what + " must match [A-Za-z0-9][A-Za-z0-9_.-]{0,63}: " + id);
        }
    }

    private RoomConfig staticRoom(String room) {
        return config.rooms().stream().filter(r -> r.id().equals(room)).findFirst().orElse(null);
    }

    private boolean isStaticParticipant(String room, String participant) {
        RoomConfig r = staticRoom(room);
        return r != null && r.participants().stream().anyMatch(p -> p.id().equals(participant));
    }

    private int roomCount() {
        java.util.Set<String> ids = new java.util.HashSet<>(dynamic.keySet());
        config.rooms().forEach(r -> ids.add(r.id()));
        return ids.size();
    }

    private int participantCount(String room) {
        RoomConfig r = staticRoom(room);
        Map<String, Member> members = dynamic.get(room);
        return (r == null ? 0 : r.participants().size()) + (members == null ? 0 : members.size());
    }

    private List<String> participantIds(String room) {
        List<String> ids = new ArrayList<>();
        RoomConfig r = staticRoom(room);
        if (r != null) {
            r.participants().forEach(p -> ids.add(p.id()));
        }
        Map<String, Member> members = dynamic.get(room);
        if (members != null) {
            ids.addAll(members.keySet());
        }
        return ids;
    }

    private List<ProducerInfo> producerInfos(String room) {
        List<ProducerInfo> out = new ArrayList<>();
        for (Transport t : table.transports()) {
            if (t.roomId().equals(room)) {
                for (io.xsfu.route.Producer p : t.producers()) {
                    out.add(info(t.participantId(), p.spec()));
                }
            }
        }
        return out;
    }

    private ProducerSpec findProducer(String room, String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash <= 0) {
            throw new SfuException(Code.INVALID, "a producer is named participant/producer: " + key);
        }
        Transport t = findTransport(room, key.substring(0, slash));
        if (t != null) {
            for (io.xsfu.route.Producer p : t.producers()) {
                if (p.id().equals(key.substring(slash + 1))) {
                    return p.spec();
                }
            }
        }
        throw new SfuException(Code.NOT_FOUND, "no producer '" + key + "' in room '" + room + "'");
    }

    private Transport findTransport(String room, String participant) {
        for (Transport t : table.transports()) {
            if (t.roomId().equals(room) && t.participantId().equals(participant)) {
                return t;
            }
        }
        return null;
    }

    private int freePort() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        table.transports().forEach(t -> used.add(t.localPort()));
        dynamic.values().forEach(ms -> ms.values().forEach(m -> used.add(m.port)));
        config.rooms().forEach(r -> r.participants().forEach(p -> used.add(p.port())));
        for (int port = config.media().portMin(); port <= config.media().portMax(); port++) {
            if (!used.contains(port)) {
                return port;
            }
        }
        throw new SfuException(Code.NO_PORTS, "every port of " + config.media().portMin() + "-" + config.media().portMax()
                + " is in use");
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof java.net.Inet4Address) == (b instanceof java.net.Inet4Address);
    }

    private static ProducerInfo info(String participant, ProducerSpec s) {
        return new ProducerInfo(participant + "/" + s.id(), participant, s.id(), s.codec().video() ? "video" : "audio",
                s.codec().name(), s.payloadType(), s.clockRate());
    }

    private ConsumerInfo consumerInfo(String room, String participant, String producerKey, ProducerSpec producer,
                                      boolean paused) {
        Transport t = findTransport(room, participant);
        for (Consumer c : t.consumers()) {
            if (c.producer().transport().participantId().equals(producerKey.substring(0, producerKey.indexOf('/')))
                    && c.producer().id().equals(producer.id())) {
                return consumerInfo(c, paused);
            }
        }
        throw new IllegalStateException("consumer " + producerKey + " missing from the table just built");
    }

    private static ConsumerInfo consumerInfo(Consumer c, boolean paused) {
        ProducerSpec s = c.producer().spec();
        return new ConsumerInfo(c.producer().transport().participantId() + "/" + c.producer().id(),
                c.producer().transport().participantId() + "/" + c.producer().id(), Integer.toUnsignedLong(c.ssrc()),
                c.payloadType(), s.codec().name(), s.clockRate(), c.rtx() ? Integer.toUnsignedLong(c.rtxSsrc()) : -1,
                c.rtx() ? c.rtxPayloadType() : -1, paused);
    }
}
