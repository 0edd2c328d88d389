package io.xsfu.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.codec.Vp8Descriptor;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The per-packet path of layer selection allocates nothing: VP8 descriptors of three encodings are parsed and
 * rewritten, a consumer's stream switches encodings (targets changing every few hundred packets), drops
 * temporal layers, cuts frames, asks for keyframes.
 */
class LayersAllocationTest {
    private static final int PACKETS = 100_000;
    private static final int ROUNDS = 5;
    /** As in the other allocation tests: a real per-packet allocation is megabytes a round; JIT noise is bytes. */
    private static final long JIT_SLACK_BYTES = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final EncodingClocks clocks = new EncodingClocks(3, 90_000);
    private final SimulcastStream stream = new SimulcastStream(new LayerSelector(3), clocks, 3, 90_000);
    private final Vp8Descriptor vp8 = new Vp8Descriptor();
    private final LayerPacket p = new LayerPacket();
    /** Per encoding: a keyframe's first packet and an inter frame's (X, I with 15 bits, L, T). */
    private final MemorySegment key = MemorySegment.ofArray(HexFormat.of().parseHex("90e080012a00" + "900c009d012a40003000"));
    private final MemorySegment delta = MemorySegment.ofArray(HexFormat.of().parseHex("90e080012a00" + "b10700"));
    private final int[] seq = {0, 30000, 60000};
    private long frame;
    private static final int[] PATTERN = {0, 2, 1, 2};
    private static final java.lang.foreign.ValueLayout.OfShort BE16 =
            java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    @Test
    void perPacketPathAllocatesNothing() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        for (int e = 0; e < 3; e++) {
            clocks.senderReport(e, e * 1_000_000, 0);
        }
        long acc = run(PACKETS);
        long[] perRound = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            acc += run(PACKETS);
            perRound[r] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        String rounds = Arrays.toString(perRound);
        for (long bytes : perRound) {
            assertTrue(bytes <= JIT_SLACK_BYTES, "bytes allocated per " + PACKETS + " packets: " + rounds);
        }
        assertTrue(Arrays.stream(perRound).anyMatch(b -> b == 0), "no round without allocation: " + rounds);
        assertTrue(acc != 0);
        assertTrue(stream.selector().spatialSwitches() > 100, "switches: " + stream.selector().spatialSwitches());
        assertTrue(stream.drops(LayerDrop.TEMPORAL_LAYER) > 1000);
        assertEquals(0, stream.drops(LayerDrop.BAD_ENCODING));
    }

    private long run(int packets) {
        long acc = 0;
        for (int i = 0; i < packets; i += 6) {
            long f = frame++;
            if (f % 50 == 0) {
                stream.target((int) (f / 50 % 3), (int) (f / 150 % 3));
            }
            int tid = PATTERN[(int) (f % 4)];
            for (int e = 0; e < 3; e++) {
                for (int k = 0; k < 2; k++) {
                    boolean keyFrame = k == 0 && f % 20 == e;
                    MemorySegment s = keyFrame ? key : delta;
                    int length = (int) s.byteSize();
                    s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) (k == 0 ? 0x90 : 0x80));
                    s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 5, (byte) (tid << 6 | 0x20));
                    s.set(BE16, 2, (short) (0x8000 | (f & 0x7FFF)));
                    if (vp8.wrap(s, 0, length) != 0) {
                        throw new AssertionError("descriptor");
                    }
                    p.rtp(e, seq[e]++ & 0xFFFF, (int) (e * 1_000_000 + f * 3000), k == 1, false, false).vp8(vp8);
                    int verdict = stream.process(p, f * 33_000_000L + e * 100_000L + k);
                    if (verdict == LayerDrop.FORWARD) {
                        vp8.pictureId(p.outPictureId).tl0PicIdx(p.outTl0PicIdx);
                        acc += p.outSequence + p.outTimestamp;
                    }
                    acc += p.keyFrameRequest;
                }
            }
        }
        return acc;
    }
}
