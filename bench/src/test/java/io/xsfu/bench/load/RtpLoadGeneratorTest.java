package io.xsfu.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generator over loopback: what each publisher sends, read back by plain UDP sockets. */
class RtpLoadGeneratorTest {
    private static final int PACKETS_PER_SECOND = 2000;

    @Test
    void eachPublisherSendsItsOwnStreamWithAdvancingSequenceTimestampAndStamps() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<DatagramChannel> receivers = new ArrayList<>();
        List<RtpLoadGenerator.Publisher> publishers = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                DatagramChannel ch = DatagramChannel.open();
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                ch.bind(new InetSocketAddress(lo, 0));
                ch.configureBlocking(false);
                receivers.add(ch);
                publishers.add(new RtpLoadGenerator.Publisher(0x1000 + p, (InetSocketAddress) ch.getLocalAddress()));
            }
            long before = System.nanoTime();
            LoadResult result;
            try (RtpLoadGenerator g = RtpLoadGenerator.open(new InetSocketAddress(lo, 0), publishers, 120, 96, 960)) {
                result = g.run(PACKETS_PER_SECOND, 0.2);
            }
            long after = System.nanoTime();
            assertTrue(result.sent() > 0);
            assertEquals(0, result.sendErrors());

            long received = 0;
            Map<Integer, Integer> lastSequence = new HashMap<>();
            Map<Integer, Long> lastTimestamp = new HashMap<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            for (int p = 0; p < receivers.size(); p++) {
                long fromThis = 0;
                while (true) {
                    buf.clear();
                    if (receivers.get(p).receive(buf) == null) {
                        break;
                    }
                    buf.flip();
                    MemorySegment s = MemorySegment.ofBuffer(buf);
                    assertEquals(120, buf.remaining());
                    assertTrue(LoadPacket.isStamped(s, 0, buf.remaining()));
                    int ssrc = LoadPacket.ssrc(s, 0);
                    assertEquals(0x1000 + p, ssrc, "publisher " + p + " sends its own SSRC to its own target");
                    assertEquals(p, LoadPacket.publisher(s, 0));
                    int seq = LoadPacket.sequence(s, 0);
                    long ts = LoadPacket.timestamp(s, 0);
                    if (lastSequence.containsKey(ssrc)) {
                        assertEquals((lastSequence.get(ssrc) + 1) & 0xFFFF, seq, "sequence numbers advance by one per SSRC");
                        assertEquals((lastTimestamp.get(ssrc) + 960) & 0xFFFF_FFFFL, ts, "timestamps advance by the step");
                    }
                    lastSequence.put(ssrc, seq);
                    lastTimestamp.put(ssrc, ts);
                    long sent = LoadPacket.sentNanos(s, 0);
                    assertTrue(sent >= before && sent <= after, "the stamp is this machine's monotonic clock");
                    fromThis++;
                }
                assertEquals(result.sentPerPublisher()[p], fromThis, "publisher " + p + ": every packet sent arrived");
                received += fromThis;
            }
            assertEquals(result.sent(), received);
            assertEquals(3, lastSequence.size());
        } finally {
            for (DatagramChannel ch : receivers) {
                ch.close();
            }
        }
    }

    @Test
    void anSrtpPublisherSendsPacketsOfTheSameSizeThatItsKeyDecrypts() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        byte[] key = new byte[30];
        new java.util.Random(7).nextBytes(key);
        SrtpProfile profile = RtpLoadGenerator.SRTP_PROFILE;
        SrtpSession receiver = new SrtpSession(profile, Arrays.copyOf(key, 16), Arrays.copyOfRange(key, 16, 30));
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.bind(new InetSocketAddress(lo, 0));
            ch.configureBlocking(false);
            var publisher = new RtpLoadGenerator.Publisher(0x2000, (InetSocketAddress) ch.getLocalAddress(), key);
            try (RtpLoadGenerator g = RtpLoadGenerator.open(new InetSocketAddress(lo, 0), List.of(publisher), 200, 96, 960)) {
                // Full rate: batches of 64 protected back to back; loopback may drop some, what arrives must decrypt.
                long before = System.nanoTime();
                LoadResult full = g.run(0, 0.1);
                assertTrue(full.sent() >= 2 * 64, "several batches: " + full.sent());
                long[] last = {-1};
                long fullReceived = drain(ch, receiver, before, System.nanoTime(), last, false);
                assertTrue(fullReceived > 0);
                // Paced: single packets, none lost, numbered on from every packet sent at full rate.
                last[0] = full.sent() - 1;
                before = System.nanoTime();
                LoadResult paced = g.run(PACKETS_PER_SECOND, 0.2);
                assertEquals(paced.sent(), drain(ch, receiver, before, System.nanoTime(), last, true),
                        "every paced packet arrived and decrypted");
                assertEquals(0, full.sendErrors() + paced.sendErrors());
            }
        }
    }

    /** Reads what arrived: each packet 200 bytes, its stamp readable in clear, decrypting under the key. */
    private static long drain(DatagramChannel ch, SrtpSession receiver, long before, long after, long[] lastIndex,
                              boolean contiguous) throws Exception {
        Thread.sleep(50);
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        long received = 0;
        while (true) {
            buf.clear();
            if (ch.receive(buf) == null) {
                return received;
            }
            buf.flip();
            MemorySegment s = MemorySegment.ofBuffer(buf);
            assertEquals(200, buf.remaining(), "the UDP payload keeps the chosen size, tag included");
            assertTrue(LoadPacket.isStamped(s, 0, 200), "the sink finds the stamp without decrypting");
            long sent = LoadPacket.sentNanos(s, 0);
            assertTrue(sent >= before && sent <= after);
            assertEquals(200 - RtpLoadGenerator.SRTP_PROFILE.rtpOverhead(), receiver.unprotectRtp(s, 0, 200),
                    "authenticates under the publisher's key");
            assertEquals(sent, LoadPacket.payloadSentNanos(s, 0), "the decrypted payload holds the same stamp");
            assertEquals(0, LoadPacket.publisher(s, 0));
            long index = Integer.toUnsignedLong(s.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.BIG_ENDIAN), LoadPacket.EXTENDED_HEADER + LoadPacket.INDEX_OFFSET));
            assertTrue(contiguous && lastIndex[0] >= 0 ? index == lastIndex[0] + 1 : index > lastIndex[0],
                    "in order: " + index + " after " + lastIndex[0]);
            lastIndex[0] = index;
            received++;
        }
    }
}
