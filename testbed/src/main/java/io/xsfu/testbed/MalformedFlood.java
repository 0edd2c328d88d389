package io.xsfu.testbed;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@link MalformedKind crafted bad frames} from a client's interface at the server's MAC, IPv4 and media port,
 * round-robin over the chosen kinds, at a given rate for a given time (or a given number per kind). Frames go out
 * through an AF_PACKET socket, so nothing in the client's stack fixes them. Runs on its own thread.
 */
public final class MalformedFlood implements AutoCloseable {
    /** What was sent: frames per kind, and frames the kernel refused for lack of buffer space (not counted as sent). */
    public record Result(Map<MalformedKind, Long> sent, long refused) {
        public long total() {
            return sent.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Builder b;
    private final List<MalformedKind> kinds;
    private final PacketSocket socket;
    private final AtomicLongArray sent = new AtomicLongArray(MalformedKind.values().length);
    private volatile long refused;
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    private final Thread thread;

    private MalformedFlood(Builder b) {
        this.b = b;
        this.kinds = new ArrayList<>(b.kinds);
        Collections.sort(kinds);
        this.socket = PacketSocket.sender(b.ns, b.ifName);
        this.thread = Thread.ofPlatform().daemon().name("malformed-flood-" + b.ns.name()).start(this::run);
    }

    /** From {@code client} of {@code lan} at the server's MAC and IPv4; set the media port (and ports, SSRC) next. */
    public static Builder from(LanTopology lan, LanTopology.Client client) {
        return new Builder(client.ns(), client.ifName(), client.mac(), client.ipv4())
                .to(lan.serverMac(), lan.serverIpv4());
    }

    /** From any interface: its namespace, name, MAC and IPv4 address. */
    public static Builder from(Netns ns, String ifName, String mac, Inet4Address ip) {
        return new Builder(ns, ifName, mac, ip);
    }

    private void run() {
        MalformedFrames.Addressing a = MalformedFrames.Addressing.of(b.srcMac, b.dstMac, b.srcIp, b.dstIp, b.srcPort,
                b.dstPort, b.unknownSrcPort, b.ssrc, b.payloadType);
        long interval = TimeUnit.SECONDS.toNanos(1) / b.framesPerSecond;
        long start = System.nanoTime();
        long end = b.duration == null ? Long.MAX_VALUE : start + b.duration.toNanos();
        long limit = b.framesPerKind > 0 ? (long) b.framesPerKind * kinds.size() : Long.MAX_VALUE;
        long refusedLocal = 0;
        try {
            for (long i = 0; i < limit && !stopping; i++) {
                long due = start + i * interval;
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                MalformedKind kind = kinds.get((int) (i % kinds.size()));
                int index = (int) (i / kinds.size());
                if (socket.send(MalformedFrames.craft(kind, a, index, b.seed))) {
                    sent.incrementAndGet(kind.ordinal());
                } else {
                    refused = ++refusedLocal;
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Frames sent so far, per kind. */
    public Result result() {
        Map<MalformedKind, Long> m = new EnumMap<>(MalformedKind.class);
        for (MalformedKind k : kinds) {
            m.put(k, sent.get(k.ordinal()));
        }
        return new Result(Collections.unmodifiableMap(m), refused);
    }

    /** Waits for the flood to end (duration or count reached) and returns what was sent; rethrows a send failure. */
    public Result await(Duration timeout) throws InterruptedException {
        if (!thread.join(timeout)) {
            throw new IllegalStateException("flood still running after " + timeout);
        }
        if (failure != null) {
            throw failure;
        }
        return result();
    }

    /** The seed the random payloads come from: with it {@link MalformedFrames#craft} reproduces every frame. */
    public long seed() {
        return b.seed;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }

    public static final class Builder {
        private final Netns ns;
        private final String ifName;
        private final String srcMac;
        private final Inet4Address srcIp;
        private String dstMac;
        private Inet4Address dstIp;
        private int dstPort = -1;
        private int srcPort = 40000;
        private int unknownSrcPort = -1;
        private long ssrc = 0x1111_1111L;
        private int payloadType = 96;
        private Set<MalformedKind> kinds = EnumSet.allOf(MalformedKind.class);
        private int framesPerSecond = 1000;
        private Duration duration;
        private int framesPerKind;
        private long seed = System.nanoTime();

        private Builder(Netns ns, String ifName, String srcMac, Inet4Address srcIp) {
            this.ns = ns;
            this.ifName = ifName;
            this.srcMac = srcMac;
            this.srcIp = srcIp;
        }

        public Builder to(String mac, Inet4Address ip) {
            this.dstMac = mac;
            this.dstIp = ip;
            return this;
        }

        public Builder mediaPort(int port) {
            this.dstPort = port;
            return this;
        }

        /** The source port the SFU knows for this publisher (default 40000). */
        public Builder sourcePort(int port) {
            this.srcPort = port;
            return this;
        }

        /** The source port of {@link MalformedKind#UNKNOWN_SOURCE_PORT} frames (default: source port + 1). */
        public Builder unknownSourcePort(int port) {
            this.unknownSrcPort = port;
            return this;
        }

        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc & 0xffffffffL;
            return this;
        }

        public Builder payloadType(int pt) {
            this.payloadType = pt;
            return this;
        }

        public Builder kinds(Set<MalformedKind> kinds) {
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("no kinds");
            }
            this.kinds = EnumSet.copyOf(kinds);
            return this;
        }

        public Builder rate(int framesPerSecond) {
            if (framesPerSecond <= 0) {
                throw new IllegalArgumentException("rate must be positive: " + framesPerSecond);
            }
            this.framesPerSecond = framesPerSecond;
            return this;
        }

        /** Stop after this long (either this or {@link #framesPerKind}, or both: whichever comes first). */
        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        /** Stop after this many frames of each kind. */
        public Builder framesPerKind(int n) {
            this.framesPerKind = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Opens the socket in the client's namespace and starts sending. */
        public MalformedFlood start() {
            if (dstMac == null || dstIp == null || dstPort < 0) {
                throw new IllegalStateException("destination MAC, IPv4 and media port must be set");
            }
            if (duration == null && framesPerKind == 0) {
                throw new IllegalStateException("set a duration or a number of frames per kind");
            }
            if (unknownSrcPort < 0) {
                unknownSrcPort = srcPort == 65535 ? 1024 : srcPort + 1;
            }
            return new MalformedFlood(this);
        }

        /** Starts, waits for the end and returns what was sent. */
        public Result run() throws InterruptedException {
            try (MalformedFlood f = start()) {
                Duration timeout = duration != null ? duration.plusSeconds(10)
                        : Duration.ofSeconds(10 + (long) framesPerKind * kinds.size() / framesPerSecond);
                return f.await(timeout);
            }
        }
    }
}
