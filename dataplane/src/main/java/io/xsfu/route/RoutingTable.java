package io.xsfu.route;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who receives what: the immutable snapshot the control side builds and hands to the forwarding agent.
 * Lookup by the SFU-side UDP port is an array index. Swapping in a new table is one command on the
 * agent's queue; the agent carries runtime state (learned endpoints, MACs, streams) over by participant key.
 */
public final class RoutingTable {
    private final int portMin;
    private final Transport[] byPort;
    private final List<Transport> transports;

    private RoutingTable(int portMin, Transport[] byPort, List<Transport> transports) {
        this.portMin = portMin;
        this.byPort = byPort;
        this.transports = transports;
    }

    /** The transport owning this SFU port, or null. */
    public Transport byLocalPort(int port) {
        int i = port - portMin;
        return i >= 0 && i < byPort.length ? byPort[i] : null;
    }

    public List<Transport> transports() {
        return transports;
    }

    public int portMin() {
        return portMin;
    }

    public int portMax() {
        return portMin + byPort.length - 1;
    }

    public static Builder builder(int portMin, int portMax) {
        return new Builder(portMin, portMax);
    }

    /** Builds a table from rooms of participants; the config module has already validated the input. */
    public static final class Builder {
        private final int portMin;
        private final int portMax;
        private final Map<String, Map<String, Entry>> rooms = new LinkedHashMap<>();
        private final java.util.Set<Integer> usedSsrcs = new java.util.HashSet<>();

        /** A participant as declared; its Transport is made in build(), once every producer SSRC is known. */
        private static final class Entry {
            final String room;
            final String id;
            final int port;
            final InetSocketAddress remote;
            final boolean sends;
            final boolean receives;
            final List<String> subscribe;
            final TransportOptions options;
            final List<ProducerSpec> producers = new ArrayList<>();
            /** Consumers asked for one by one (signaling): producer key "participant/producer" to paused. */
            final Map<String, Boolean> explicitConsumers = new LinkedHashMap<>();
            /** Payload types subscribers negotiated, by producer key (absent: the producer's). */
            final Map<String, Integer> payloadTypes = new HashMap<>();
            /** RTX payload types subscribers negotiated, by producer key (absent: the producer's). */
            final Map<String, Integer> rtxPayloadTypes = new HashMap<>();
            Transport transport;

            Entry(String room, String id, int port, InetSocketAddress remote, boolean sends, boolean receives,
                  List<String> subscribe, TransportOptions options) {
                this.room = room;
                this.id = id;
                this.port = port;
                this.remote = remote;
                this.sends = sends;
                this.receives = receives;
                this.subscribe = subscribe;
                this.options = options;
            }

            Transport transport() {
                return transport;
            }

            List<String> subscribe() {
                return subscribe;
            }

            List<ProducerSpec> producers() {
                return producers;
            }
        }

        private Builder(int portMin, int portMax) {
            if (portMin < 1 || portMax > 65535 || portMin > portMax) {
                throw new IllegalArgumentException("bad port range " + portMin + "-" + portMax);
            }
            this.portMin = portMin;
            this.portMax = portMax;
        }

        public Builder participant(String room, String id, int port, InetSocketAddress remote, boolean sends,
                                   boolean receives, List<String> subscribe) {
            return participant(room, id, port, remote, sends, receives, subscribe, TransportOptions.DEFAULT);
        }

        /**
         * Adds a participant. {@code remote} null means comedia (learned from the first packet);
         * {@code subscribe} null means every other sending participant of the room; an entry names a
         * participant (all its producers) or "participant/producer".
         */
        public Builder participant(String room, String id, int port, InetSocketAddress remote, boolean sends,
                                   boolean receives, List<String> subscribe, TransportOptions options) {
            if (port < portMin || port > portMax) {
                throw new IllegalArgumentException(room + "/" + id + ": port " + port + " outside " + portMin + "-" + portMax);
            }
            Map<String, Entry> members = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
            if (members.putIfAbsent(id, new Entry(room, id, port, remote, sends, receives, subscribe, options)) != null) {
                throw new IllegalArgumentException("duplicate participant " + room + "/" + id);
            }
            return this;
        }

        /** Declares a producer of a participant added before. */
        public Builder producer(String room, String participant, ProducerSpec spec) {
            Entry e = rooms.getOrDefault(room, Map.of()).get(participant);
            if (e == null) {
                throw new IllegalArgumentException("no participant " + room + "/" + participant);
            }
            e.producers().add(spec);
            for (int k = 0; k < spec.encodingCount(); k++) {
                usedSsrcs.add(spec.ssrcOf(k));
                if (spec.hasRtx()) {
                    usedSsrcs.add(spec.rtxSsrcOf(k));
                }
            }
            return this;
        }

        /**
         * An explicit consumer (signaling's consume): {@code receiver} gets {@code sender}'s producer
         * {@code producerId}, paused or not. Used with {@code subscribe} = an empty list.
         */
        public Builder consumer(String room, String receiver, String sender, String producerId, boolean paused) {
            return consumer(room, receiver, sender, producerId, paused, -1);
        }

        /** As above, with the payload type the subscriber uses for this codec ({@code -1}: the producer's). */
        public Builder consumer(String room, String receiver, String sender, String producerId, boolean paused,
                                int payloadType) {
            return consumer(room, receiver, sender, producerId, paused, payloadType, -1);
        }

        /** As above, with the RTX payload type the subscriber negotiated for it ({@code -1}: the producer's). */
        public Builder consumer(String room, String receiver, String sender, String producerId, boolean paused,
                                int payloadType, int rtxPayloadType) {
            if (rtxPayloadType >= 0) {
                Entry r = rooms.getOrDefault(room, Map.of()).get(receiver);
                if (r != null) {
                    r.rtxPayloadTypes.put(sender + "/" + producerId, rtxPayloadType);
                }
            }
            Entry e = rooms.getOrDefault(room, Map.of()).get(receiver);
            if (e == null) {
                throw new IllegalArgumentException("no participant " + room + "/" + receiver);
            }
            e.explicitConsumers.put(sender + "/" + producerId, paused);
            if (payloadType >= 0) {
                e.payloadTypes.put(sender + "/" + producerId, payloadType);
            }
            return this;
        }

        public RoutingTable build() {
            Transport[] byPort = new Transport[portMax - portMin + 1];
            List<Transport> all = new ArrayList<>();
            for (Map<String, Entry> members : rooms.values()) {
                for (Entry e : members.values()) {
                    Endpoint endpoint = e.remote == null ? Endpoint.unknown() : Endpoint.fixed(e.remote);
                    Transport t = new Transport(e.room, e.id, e.port, e.remote == null, e.sends, e.receives, endpoint,
                            e.options, ssrcFor("rtcp:" + e.room + "/" + e.id));
                    e.transport = t;
                    int slot = t.localPort() - portMin;
                    if (byPort[slot] != null) {
                        throw new IllegalArgumentException("port " + t.localPort() + " used by " + byPort[slot].key()
                                + " and " + t.key());
                    }
                    byPort[slot] = t;
                    all.add(t);
                    // A simulcast source is one Producer per encoding (each its own RTP stream upstream).
                    t.producers(e.producers().stream().flatMap(spec -> java.util.Arrays.stream(Producer.ofSpec(spec, t)))
                            .toArray(Producer[]::new));
                }
                Map<Producer, List<Consumer>> consumersOf = new LinkedHashMap<>();
                for (Entry receiver : members.values()) {
                    Transport to = receiver.transport();
                    List<Consumer> incoming = new ArrayList<>();
                    if (to.receives()) {
                        for (Entry sender : members.values()) {
                            Transport from = sender.transport();
                            if (!from.sends() || from == to) {
                                continue;
                            }
                            for (Producer p : from.producers()) {
                                if (p.encoding() != 0) {
                                    continue; // one consumer per source: it is attached to every encoding below
                                }
                                Boolean explicit = receiver.explicitConsumers.get(from.participantId() + "/" + p.id());
                                if (explicit != null || wanted(receiver.subscribe(), from, p)) {
                                    String key = from.participantId() + "/" + p.id();
                                    Consumer c = consumer(p, to, explicit != null && explicit,
                                            receiver.payloadTypes.getOrDefault(key, -1),
                                            receiver.rtxPayloadTypes.getOrDefault(key, -1));
                                    incoming.add(c);
                                    for (Producer encoding : p.encodings()) {
                                        consumersOf.computeIfAbsent(encoding, k -> new ArrayList<>()).add(c);
                                    }
                                }
                            }
                        }
                    }
                    to.consumers(incoming.toArray(new Consumer[0]));
                }
                for (Entry e : members.values()) {
                    for (Producer p : e.transport().producers()) {
                        p.consumers(consumersOf.getOrDefault(p, List.of()).toArray(new Consumer[0]));
                    }
                }
            }
            return new RoutingTable(portMin, byPort, Collections.unmodifiableList(all));
        }

        private static boolean wanted(List<String> subscribe, Transport from, Producer p) {
            if (subscribe == null) {
                return true;
            }
            return subscribe.contains(from.participantId()) || subscribe.contains(from.participantId() + "/" + p.id());
        }

        /**
         * A consumer with SSRCs of its own; RTX when the subscriber takes it and there is a payload type for it: the
         * one it negotiated, else the producer's. The SFU makes RTX packets from its own cache, so a publisher that
         * sends none (plain RTP) still gets its subscribers' losses repaired as RTX, and their links probed with it.
         */
        private Consumer consumer(Producer p, Transport to, boolean paused, int payloadType, int rtxPayloadType) {
            String key = to.key() + "<-" + p.key();
            int ssrc = ssrcFor(key);
            boolean rtx = to.options().rtx() && (p.spec().hasRtx() || rtxPayloadType >= 0);
            return new Consumer(p, to, ssrc, rtx ? ssrcFor(key + ":rtx") : 0,
                    rtx ? (rtxPayloadType >= 0 ? rtxPayloadType : p.spec().rtxPayloadType()) : ProducerSpec.NONE, to.options().keepMaskFrom(p.transport().options()),
                    paused, payloadType >= 0 ? payloadType : p.spec().payloadType());
        }

        /**
         * An SSRC derived from a stable name (the same consumer gets the same SSRC in every table built from
         * the same config), never 0 and never one a producer of this table uses.
         */
        private int ssrcFor(String name) {
            long h = 1125899906842597L;
            for (int i = 0; i < name.length(); i++) {
                h = 31 * h + name.charAt(i);
            }
            int ssrc = (int) (h ^ (h >>> 32));
            while (ssrc == 0 || usedSsrcs.contains(ssrc)) {
                ssrc = ssrc * 1103515245 + 12345;
            }
            usedSsrcs.add(ssrc);
            return ssrc;
        }
    }
}
