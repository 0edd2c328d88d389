package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.Wire;
import io.xsfu.route.ProducerSpec;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

/**
 * The forwarding decision allocates nothing per packet once a stream is known: parse, route, source
 * check, producer state (statistics, NACK generator, retransmission cache), per-consumer rewriting,
 * counters, the fan-out loop and the RTCP timers (receiver reports), 100,000 packets per round to 16
 * subscribers.
 */
class ForwarderAllocationTest {
    private static final int PACKETS = 100_000;
    /** A per-packet allocation would be >= 1.6 MB a round; a one-off JIT deoptimisation is a few hundred bytes. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Counts copies without allocating: the forwarder is what is measured. */
    private static final class CountingEgress implements Egress {
        long copies;

        @Override
        public boolean needsNextHopMac() {
            return true;
        }

        @Override
        public void begin(ParsedPacket in) {
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
            copies++;
            return 0;
        }

        @Override
        public int sendRaw(java.lang.foreign.MemorySegment buffer, long offset, int length, Transport to,
                io.xsfu.route.Endpoint dst) {
            return 0;
        }
    }

    @Test
    void steadyStateForwardingAllocatesNothing() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        DataplaneCounters counters = new DataplaneCounters(manager);
        RoutingTable.Builder b = RoutingTable.builder(40000, 40099).participant("r", "pub", 40000, null, true, false, null)
                .producer("r", "pub", ProducerSpec.of("mic", MediaCodec.OPUS, 96, 48000, 0x11223344));
        for (int i = 0; i < 16; i++) {
            b.participant("r", "s" + i, 40001 + i, new InetSocketAddress("10.0.0." + (10 + i), 6000), false, true, null);
        }
        RoutingTable table = b.build();
        Forwarder forwarder = new Forwarder(counters, d -> true, table);
        for (int i = 0; i < 16; i++) {
            forwarder.nextHopResolved(table.byLocalPort(40001 + i).remote().inet(), 0x0200_0000_0000L + i);
        }
        CountingEgress egress = new CountingEgress();
        ParsedPacket packet = new ParsedPacket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rtp = arena.allocate(212);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1, (byte) 96);
            rtp.set(Wire.BE32, 8, 0x11223344);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 8; round++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < PACKETS; i++) {
                    rtp.set(Wire.BE16, 2, (short) (round * PACKETS + i));
                    PacketParser.parseDatagram(rtp, 0, 212, 4, 0x0a000002, 0, 0, 5000, 40000, packet);
                    long now = (long) (round * PACKETS + i) * 20_000;
                    forwarder.onDatagram(packet, egress, now);
                    forwarder.housekeeping(egress, now);
                }
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                best = Math.min(best, allocated);
                assertTrue(round < 2 || allocated <= JIT_SLACK_BYTES, "round " + round + " allocated " + allocated + " bytes");
            }
            assertEquals(0, best, "at least one round allocates nothing at all");
            assertEquals(8L * PACKETS * 16, egress.copies);
            assertEquals(0, counters.totalDrops());
        }
    }

    /**
     * The same for a simulcast source: three VP8 encodings with picture ids and temporal layers, a keyframe on
     * every encoding once a second, 8 subscribers whose targets keep changing (switches, keyframe requests, the
     * descriptor parse, the picture-id patch): nothing allocates per packet either.
     */
    @Test
    void simulcastSelectionAndRewritingAllocateNothing() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        DataplaneCounters counters = new DataplaneCounters(manager);
        int[] ssrcs = {0x1000, 0x2000, 0x3000};
        ProducerSpec cam = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, ssrcs[0]).withSimulcast(java.util.List.of(
                new ProducerSpec.Encoding("q", ssrcs[0], 0, 0), new ProducerSpec.Encoding("h", ssrcs[1], 0, 0),
                new ProducerSpec.Encoding("f", ssrcs[2], 0, 0)));
        RoutingTable.Builder b = RoutingTable.builder(40000, 40099).participant("r", "pub", 40000, null, true, false, null)
                .producer("r", "pub", cam);
        int subscribers = 8;
        for (int i = 0; i < subscribers; i++) {
            b.participant("r", "s" + i, 40001 + i, new InetSocketAddress("10.0.0." + (10 + i), 6000), false, true, null);
        }
        RoutingTable table = b.build();
        Forwarder forwarder = new Forwarder(counters, d -> true, table);
        for (int i = 0; i < subscribers; i++) {
            forwarder.nextHopResolved(table.byLocalPort(40001 + i).remote().inet(), 0x0200_0000_0000L + i);
        }
        Command.SetLayers[] targets = new Command.SetLayers[3];
        for (int t = 0; t < 3; t++) {
            int[] consumerSsrcs = new int[1];
            targets[t] = new Command.SetLayers(0, consumerSsrcs, new int[] {t}, new int[] {t == 1 ? 0 : 3});
        }
        CountingEgress egress = new CountingEgress();
        ParsedPacket packet = new ParsedPacket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rtp = arena.allocate(212);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0x80);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 12, (byte) 0x90); // X, S, partition 0
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 13, (byte) 0xE0); // I, L, T
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 21, (byte) 0x9d);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 22, (byte) 0x01);
            rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 23, (byte) 0x2a);
            long best = Long.MAX_VALUE;
            int frame = 0;
            for (int round = 0; round < 8; round++) {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < PACKETS; i += 3) {
                    long now = (long) (round * PACKETS + i) * 20_000;
                    frame++;
                    boolean key = frame % 50 == 0;
                    if (frame % 97 == 0) {
                        // The allocator changes its mind now and then (a state change, not per packet: its arrays are reused).
                        int sub = frame % subscribers;
                        Command.SetLayers t = targets[frame % 3];
                        t.consumerSsrcs()[0] = table.byLocalPort(40001 + sub).consumers()[0].ssrc();
                        forwarder.setLayers(new Command.SetLayers(40001 + sub, t.consumerSsrcs(), t.spatial(),
                                t.temporal()));
                    }
                    for (int e = 0; e < 3; e++) {
                        rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1, (byte) (0x80 | 96));
                        rtp.set(Wire.BE16, 2, (short) (e * 20_000 + frame));
                        rtp.set(Wire.BE32, 4, e * 1_000_000 + frame * 3000);
                        rtp.set(Wire.BE32, 8, ssrcs[e]);
                        rtp.set(Wire.BE16, 14, (short) (0x8000 | (frame & 0x7FFF)));
                        rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 16, (byte) (frame / 2));
                        rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 17, (byte) ((frame % 2) << 6 | 0x20));
                        rtp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 18, (byte) (key ? 0x00 : 0x01));
                        PacketParser.parseDatagram(rtp, 0, 212, 4, 0x0a000002, 0, 0, 5000, 40000, packet);
                        forwarder.onDatagram(packet, egress, now);
                    }
                    forwarder.housekeeping(egress, now);
                }
                long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                // Each target change above allocates its command (48 B): what the control side would have made.
                long commands = (PACKETS / 3) / 97 + 1;
                allocated = Math.max(0, allocated - commands * 48);
                best = Math.min(best, allocated);
                assertTrue(round < 2 || allocated <= JIT_SLACK_BYTES, "round " + round + " allocated " + allocated + " bytes");
            }
            assertTrue(best <= JIT_SLACK_BYTES / 4, "a round allocates nothing: " + best);
            assertTrue(egress.copies > 8L * (PACKETS / 3) * subscribers / 2, "copies: " + egress.copies);
        }
    }
}
