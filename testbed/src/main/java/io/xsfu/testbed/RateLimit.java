package io.xsfu.testbed;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bottleneck on what a device in a namespace transmits (its egress): packets over the rate wait in a short queue
 * and are dropped when it is full, as at a real access link, rather than being dropped at once by a policer. The
 * limit can hit everything the device sends or only UDP to one destination port: two browsers in the root namespace
 * share one address, so on the bridge port towards them ({@code rt} in the lan namespace) only the ICE port of one
 * is limited. Removed on {@link #close()}; deleting the namespace removes it too.
 *
 * <p>Built from what this project's CI kernel has (no {@code sch_netem}, no {@code cls_flower}): an {@code htb}
 * root qdisc whose one class has rate and ceiling equal to the limit and a {@code bfifo} leaf holding
 * {@code rate x queue} bytes (at least two full-size packets). With a port, {@code u32} filters send UDP to that
 * destination port (IPv4 without options, IPv6 without extension headers, which is what RTP is) into the class and
 * everything else bypasses the shaper ({@code htb default 0}); without one, every packet goes through it.
 *
 * <p>{@link #rate} changes the limit live; {@link #lift} removes the qdisc (the traffic then flows at the device's
 * speed) and a later {@link #rate} puts it back. {@link #sentPackets}, {@link #sentBytes} and {@link #dropped} count
 * what passed through and was dropped by the limiting queue over this object's whole life, lifts included.
 */
public final class RateLimit implements AutoCloseable {
    /** Full-size Ethernet frame plus a little: the burst the shaper lets through at once, and the minimum queue. */
    private static final int MTU_BYTES = 1600;
    private static final String LEAF = "10:";
    private static final Pattern COUNTERS = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+),");

    private final Netns ns;
    private final String ifName;
    private final int udpPort;
    private final Duration queue;
    private long bitsPerSecond;
    private boolean installed;
    private boolean closed;
    /** Counters of qdiscs removed by {@link #lift()}: bytes, packets, drops. */
    private final long[] retired = new long[3];

    private RateLimit(Netns ns, String ifName, int udpPort, Duration queue, long bitsPerSecond) {
        this.ns = ns;
        this.ifName = ifName;
        this.udpPort = udpPort;
        this.queue = queue;
        this.bitsPerSecond = bitsPerSecond;
    }

    /** Starts describing a limit on what {@code ifName} in {@code ns} transmits. */
    public static Builder on(Netns ns, String ifName) {
        return new Builder(ns, ifName);
    }

    /** Limits the device's egress to the rate. */
    public static RateLimit of(Netns ns, String ifName, long bitsPerSecond) {
        return on(ns, ifName).rate(bitsPerSecond).apply();
    }

    /** Changes the limit at once (keeping the queued packets), or puts it back after {@link #lift()}. */
    public synchronized void rate(long bitsPerSecond) {
        checkRate(bitsPerSecond);
        requireOpen();
        this.bitsPerSecond = bitsPerSecond;
        if (!installed) {
            install();
            return;
        }
        ns.exec(classCommand("change"));
        ns.exec("tc", "qdisc", "change", "dev", ifName, "parent", "1:1", "handle", LEAF, "bfifo", "limit",
                Long.toString(queueBytes()));
    }

    /** Removes the limit: from now on the device sends at its own speed. Idempotent. */
    public synchronized void lift() {
        requireOpen();
        if (!installed) {
            return;
        }
        long[] now = leafCounters();
        for (int i = 0; i < retired.length; i++) {
            retired[i] += now[i];
        }
        ns.exec("tc", "qdisc", "del", "dev", ifName, "root");
        installed = false;
    }

    /** Whether the limit is in force (applied and not lifted). */
    public synchronized boolean limiting() {
        return installed;
    }

    /** The current (or, once lifted, the last) limit in bit/s. */
    public synchronized long bitsPerSecond() {
        return bitsPerSecond;
    }

    public int udpPort() {
        return udpPort;
    }

    public Duration queue() {
        return queue;
    }

    /** The queue's capacity in bytes at the current rate. */
    public synchronized long queueBytes() {
        return Math.max(2L * MTU_BYTES, bitsPerSecond / 8 * queue.toNanos() / 1_000_000_000L);
    }

    /** Packets the limit let through (leaving the queue) so far. */
    public synchronized long sentPackets() {
        return retired[1] + (installed ? leafCounters()[1] : 0);
    }

    /** Bytes (IP packets with their Ethernet header) the limit let through so far. */
    public synchronized long sentBytes() {
        return retired[0] + (installed ? leafCounters()[0] : 0);
    }

    /** Packets dropped because the queue was full, so far. */
    public synchronized long dropped() {
        return retired[2] + (installed ? leafCounters()[2] : 0);
    }

    /** Removes the qdisc (idempotent; a namespace already deleted has nothing left to remove). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (installed) {
            ns.tryExec("tc", "qdisc", "del", "dev", ifName, "root");
            installed = false;
        }
    }

    @Override
    public String toString() {
        return "RateLimit[" + ns + " " + ifName + (udpPort > 0 ? " udp dport " + udpPort : "") + " " + bitsPerSecond
                + " bit/s queue " + queue.toMillis() + " ms" + (installed ? "" : " (lifted)") + "]";
    }

    private void install() {
        // default 0: what no filter classifies bypasses the shaper; with no port, every packet is classified.
        ns.exec("tc", "qdisc", "add", "dev", ifName, "root", "handle", "1:", "htb", "default", udpPort > 0 ? "0" : "1");
        installed = true;
        try {
            ns.exec(classCommand("add"));
            ns.exec("tc", "qdisc", "add", "dev", ifName, "parent", "1:1", "handle", LEAF, "bfifo", "limit",
                    Long.toString(queueBytes()));
            if (udpPort > 0) {
                ns.exec("tc", "filter", "add", "dev", ifName, "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                        "match", "ip", "protocol", "17", "0xff", "match", "ip", "dport", Integer.toString(udpPort),
                        "0xffff", "flowid", "1:1");
                ns.exec("tc", "filter", "add", "dev", ifName, "parent", "1:", "protocol", "ipv6", "prio", "2", "u32",
                        "match", "ip6", "protocol", "17", "0xff", "match", "ip6", "dport", Integer.toString(udpPort),
                        "0xffff", "flowid", "1:1");
            }
        } catch (RuntimeException e) {
            ns.tryExec("tc", "qdisc", "del", "dev", ifName, "root");
            installed = false;
            throw e;
        }
    }

    private String[] classCommand(String verb) {
        // Burst and quantum of one packet: the shaper releases packet by packet, never a burst above the rate.
        String rate = bitsPerSecond + "bit";
        String mtu = Integer.toString(MTU_BYTES);
        return new String[] {"tc", "class", verb, "dev", ifName, "parent", "1:", "classid", "1:1", "htb", "rate", rate,
                "ceil", rate, "burst", mtu, "cburst", mtu, "quantum", mtu};
    }

    /** Bytes, packets and drops of the leaf queue, from {@code tc -s qdisc show}. */
    private long[] leafCounters() {
        String out = ns.exec("tc", "-s", "qdisc", "show", "dev", ifName);
        // Each qdisc: "qdisc KIND HANDLE: ..." then " Sent N bytes M pkt (dropped D, overlimits ...".
        int at = out.indexOf("qdisc bfifo " + LEAF);
        Matcher m = COUNTERS.matcher(out);
        if (at < 0 || !m.find(at)) {
            throw new IllegalStateException("no bfifo " + LEAF + " counters on " + ifName + " in " + ns + ":\n" + out);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
    }

    private static long checkRate(long bitsPerSecond) {
        if (bitsPerSecond < 8_000 || bitsPerSecond > 100_000_000_000L) {
            throw new IllegalArgumentException("rate must be 8 kbit/s .. 100 Gbit/s: " + bitsPerSecond);
        }
        return bitsPerSecond;
    }

    public static final class Builder {
        private final Netns ns;
        private final String ifName;
        private long bitsPerSecond;
        private int udpPort;
        private Duration queue = Duration.ofMillis(80);

        private Builder(Netns ns, String ifName) {
            this.ns = ns;
            this.ifName = ifName;
        }

        /** The limit in bit/s (e.g. 500_000). */
        public Builder rate(long bitsPerSecond) {
            this.bitsPerSecond = checkRate(bitsPerSecond);
            return this;
        }

        /** Limit only UDP to this destination port (IPv4 and IPv6); other traffic is not shaped. */
        public Builder udpDestinationPort(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port 1..65535: " + port);
            }
            this.udpPort = port;
            return this;
        }

        /**
         * How long the queue holds at the limit (default 80 ms, a home router's order of magnitude): its capacity
         * is {@code rate x queue} bytes, at least two full-size packets.
         */
        public Builder queue(Duration queue) {
            if (queue.isNegative() || queue.isZero() || queue.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("queue must be (0, 5 s]: " + queue);
            }
            this.queue = queue;
            return this;
        }

        public RateLimit apply() {
            if (bitsPerSecond == 0) {
                throw new IllegalStateException("rate not set");
            }
            RateLimit limit = new RateLimit(ns, ifName, udpPort, queue, bitsPerSecond);
            limit.install();
            return limit;
        }
    }
}
