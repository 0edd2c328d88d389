package io.xsfu.steer;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.xdp.Libbpf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The steering program's maps, by file descriptor, with the layouts of {@link SteerAbi}. The descriptors
 * belong to the loaded object: this class is only valid while the program is open. Control path only.
 */
final class SteeringMaps {
    private static final ValueLayout.OfShort HOST_SHORT = ValueLayout.JAVA_SHORT;
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final int configFd;
    private final int addrsFd;
    private final int xsksFd;
    private final int statsFd;
    private final int possibleCpus;
    /** What this process put in xsfu_addrs (the only writer), so that a new list can replace it. */
    private final Set<AddressKey> addresses = new HashSet<>();

    SteeringMaps(MemorySegment bpfObject) {
        this.configFd = Libbpf.objectFindMapFd(bpfObject, SteerAbi.MAP_CONFIG);
        this.addrsFd = Libbpf.objectFindMapFd(bpfObject, SteerAbi.MAP_ADDRS);
        this.xsksFd = Libbpf.objectFindMapFd(bpfObject, SteerAbi.MAP_XSKS);
        this.statsFd = Libbpf.objectFindMapFd(bpfObject, SteerAbi.MAP_STATS);
        this.possibleCpus = Libbpf.numPossibleCpus();
    }

    /** Ports in host byte order, inclusive; the program reads them as {@code __u16}. */
    void writeConfig(int portMin, int portMax) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocateFrom(ValueLayout.JAVA_INT, 0);
            MemorySegment value = a.allocate(SteerAbi.CONFIG_SIZE);
            value.set(HOST_SHORT, SteerAbi.CONFIG_PORT_MIN, (short) portMin);
            value.set(HOST_SHORT, SteerAbi.CONFIG_PORT_MAX, (short) portMax);
            value.set(ValueLayout.JAVA_INT, SteerAbi.CONFIG_FLAGS, 0);
            Libbpf.mapUpdate(configFd, key, value, Libbpf.BPF_ANY, SteerAbi.MAP_CONFIG);
        }
    }

    /**
     * Makes the address map hold exactly {@code wanted}. Addresses in both the old and the new list are not
     * touched, so they never stop being media; dropped ones go first, so a full map has room for new ones.
     */
    void replaceAddresses(List<InetAddress> wanted) {
        Set<AddressKey> next = new LinkedHashSet<>();
        for (InetAddress address : wanted) {
            next.add(new AddressKey(key(address)));
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocate(SteerAbi.ADDR_SIZE);
            for (AddressKey k : new ArrayList<>(addresses)) {
                if (!next.contains(k)) {
                    MemorySegment.copy(k.bytes(), 0, key, ValueLayout.JAVA_BYTE, 0, SteerAbi.ADDR_SIZE);
                    Libbpf.mapDelete(addrsFd, key, SteerAbi.MAP_ADDRS);
                    addresses.remove(k);
                }
            }
            MemorySegment present = a.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 1);
            for (AddressKey k : next) {
                if (addresses.contains(k)) {
                    continue;
                }
                MemorySegment.copy(k.bytes(), 0, key, ValueLayout.JAVA_BYTE, 0, SteerAbi.ADDR_SIZE);
                Libbpf.mapUpdate(addrsFd, key, present, Libbpf.BPF_ANY, SteerAbi.MAP_ADDRS);
                addresses.add(k);
            }
        }
    }

    void registerSocket(int queueId, int xskFd) {
        try (Arena a = Arena.ofConfined()) {
            Libbpf.mapUpdate(xsksFd, a.allocateFrom(ValueLayout.JAVA_INT, queueId),
                    a.allocateFrom(ValueLayout.JAVA_INT, xskFd), Libbpf.BPF_ANY, SteerAbi.MAP_XSKS + "[" + queueId + "]");
        }
    }

    /** False if no socket was registered for the queue. */
    boolean unregisterSocket(int queueId) {
        try (Arena a = Arena.ofConfined()) {
            return Libbpf.mapDelete(xsksFd, a.allocateFrom(ValueLayout.JAVA_INT, queueId),
                    SteerAbi.MAP_XSKS + "[" + queueId + "]");
        }
    }

    /** Each verdict's count, summed over the per-CPU slots (one u64 per possible CPU). */
    long[] verdictCounts() {
        long[] counts = new long[SteerAbi.VERDICTS];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment key = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment perCpu = a.allocate(ValueLayout.JAVA_LONG, possibleCpus);
            for (int verdict = 0; verdict < SteerAbi.VERDICTS; verdict++) {
                key.set(ValueLayout.JAVA_INT, 0, verdict);
                if (!Libbpf.mapLookup(statsFd, key, perCpu, SteerAbi.MAP_STATS)) {
                    continue;
                }
                long sum = 0;
                for (int cpu = 0; cpu < possibleCpus; cpu++) {
                    sum += perCpu.getAtIndex(ValueLayout.JAVA_LONG, cpu);
                }
                counts[verdict] = sum;
            }
        }
        return counts;
    }

    /** The xsfu_addrs key of an address: IPv6 as is, IPv4 as {@code ::ffff:a.b.c.d}. */
    static byte[] key(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[SteerAbi.ADDR_SIZE];
            System.arraycopy(V4_MAPPED_PREFIX, 0, mapped, 0, V4_MAPPED_PREFIX.length);
            System.arraycopy(raw, 0, mapped, V4_MAPPED_PREFIX.length, 4);
            return mapped;
        }
        return raw;
    }

    private record AddressKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AddressKey k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
