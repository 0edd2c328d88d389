package io.xsfu.route;

import java.net.InetSocketAddress;
import java.util.ArrayList;
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

        private record Entry(Transport transport, List<String> subscribe) {
        }

        private Builder(int portMin, int portMax) {
            if (portMin < 1 || portMax > 65535 || portMin > portMax) {
                throw new IllegalArgumentException("bad port range " + portMin + "-" + portMax);
            }
            this.portMin = portMin;
            this.portMax = portMax;
        }

        /**
         * Adds a participant. {@code remote} null means comedia (learned from the first packet);
         * {@code subscribe} null means every other sending participant of the room.
         */
        public Builder participant(String room, String id, int port, InetSocketAddress remote, boolean sends,
                                   boolean receives, List<String> subscribe) {
            if (port < portMin || port > portMax) {
                throw new IllegalArgumentException(room + "/" + id + ": port " + port + " outside " + portMin + "-" + portMax);
            }
            Endpoint endpoint = remote == null ? Endpoint.unknown() : Endpoint.fixed(remote);
            Transport t = new Transport(room, id, port, remote == null, sends, receives, endpoint);
            Map<String, Entry> members = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
            if (members.putIfAbsent(id, new Entry(t, subscribe)) != null) {
                throw new IllegalArgumentException("duplicate participant " + room + "/" + id);
            }
            return this;
        }

        public RoutingTable build() {
            Transport[] byPort = new Transport[portMax - portMin + 1];
            List<Transport> all = new ArrayList<>();
            for (Map<String, Entry> members : rooms.values()) {
                Map<String, List<Transport>> subscribersOf = new LinkedHashMap<>();
                for (Entry e : members.values()) {
                    Transport t = e.transport();
                    int slot = t.localPort() - portMin;
                    if (byPort[slot] != null) {
                        throw new IllegalArgumentException("port " + t.localPort() + " used by " + byPort[slot].key()
                                + " and " + t.key());
                    }
                    byPort[slot] = t;
                    all.add(t);
                    if (!t.receives()) {
                        continue;
                    }
                    for (Entry sender : members.values()) {
                        Transport s = sender.transport();
                        boolean wanted = e.subscribe() == null ? s != t : e.subscribe().contains(s.participantId());
                        if (wanted && s.sends()) {
                            subscribersOf.computeIfAbsent(s.participantId(), k -> new ArrayList<>()).add(t);
                        }
                    }
                }
                for (Entry e : members.values()) {
                    List<Transport> subs = subscribersOf.getOrDefault(e.transport().participantId(), List.of());
                    e.transport().subscribers(subs.toArray(new Transport[0]));
                }
            }
            return new RoutingTable(portMin, byPort, Collections.unmodifiableList(all));
        }
    }
}
