package io.xsfu.bench.jmh;

import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SrtpSession} per RTP packet of 200 bytes (audio) and 1200 bytes (video), each profile, in native
 * memory at a UMEM frame's offset. A browser's RTP header: 12 bytes and a one-byte-header extension of two
 * words.
 *
 * <ul>
 * <li>{@code protect}: one outgoing copy, its sequence number advanced as a consumer's is.
 * <li>{@code unprotect}: batches of {@value #BATCH} packets of the incoming stream, protected beforehand by
 * {@link Incoming} (untimed, but their allocation counts in {@code gc.alloc.rate.norm}: for GCM, subtract
 * {@code protect}'s), each verified and decrypted once, since a packet is accepted only once.
 * <li>{@code roundTrip}: protect then unprotect the same packet, a cross-check of the two.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseZGC"})
public class SrtpBenchmark {
    static final int BATCH = 32;
    private static final long FRAME_SIZE = 2048;
    private static final long HEADROOM = 256;
    private static final int CAPACITY = (int) (FRAME_SIZE - HEADROOM);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM"})
    public String profile;

    @Param({"200", "1200"})
    public int size;

    private Arena arena;
    private MemorySegment umem;
    private long outgoing;
    private SrtpSession sender;
    private SrtpSession receiver;
    private byte[] key;
    private byte[] salt;
    private byte[] packet;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random random = new Random(size);
        key = new byte[p.keyLength()];
        salt = new byte[p.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        sender = new SrtpSession(p, key, salt);
        receiver = new SrtpSession(p, key, salt);
        packet = new byte[size];
        random.nextBytes(packet);
        packet[0] = (byte) 0x90;
        packet[1] = 111;
        MemorySegment header = MemorySegment.ofArray(packet);
        header.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 8, 0x0BADCAFE);
        header.set(BE16, 12, (short) 0xBEDE);
        header.set(BE16, 14, (short) 2);
        arena = Arena.ofShared();
        umem = arena.allocate(FRAME_SIZE, 4096);
        outgoing = HEADROOM;
        MemorySegment.copy(header, 0, umem, outgoing, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int protect() {
        umem.set(BE16, outgoing + 2, (short) ++seq);
        return sender.protectRtp(umem, outgoing, size, CAPACITY);
    }

    /** Returns the sum of the plaintext lengths, so a refused packet shows as a wrong sum in the test. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unprotect(Incoming in) {
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += in.receiver.unprotectRtp(in.frames, i * FRAME_SIZE + HEADROOM, in.length);
        }
        return sum;
    }

    @Benchmark
    public int roundTrip() {
        umem.set(BE16, outgoing + 2, (short) ++seq);
        int n = sender.protectRtp(umem, outgoing, size, CAPACITY);
        return receiver.unprotectRtp(umem, outgoing, n);
    }

    /**
     * The incoming stream for {@code unprotect}: its own sender and receiver, and {@value #BATCH} UMEM frames
     * refilled with the stream's next packets before each invocation. A state of its own, so that this
     * per-invocation set-up does not run around {@code protect} and {@code roundTrip}.
     */
    @State(Scope.Thread)
    public static class Incoming {
        private Arena arena;
        private MemorySegment frames;
        private SrtpSession sender;
        private SrtpSession receiver;
        private byte[] packet;
        private int size;
        private int length;
        private int seq;

        @Setup(Level.Trial)
        public void setUp(SrtpBenchmark b) {
            SrtpProfile p = SrtpProfile.valueOf(b.profile);
            sender = new SrtpSession(p, b.key, b.salt);
            receiver = new SrtpSession(p, b.key, b.salt);
            packet = b.packet.clone();
            size = b.size;
            length = size + p.rtpOverhead();
            arena = Arena.ofShared();
            frames = arena.allocate(BATCH * FRAME_SIZE, 4096);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }

        @Setup(Level.Invocation)
        public void protectBatch() {
            for (int i = 0; i < BATCH; i++) {
                long at = i * FRAME_SIZE + HEADROOM;
                MemorySegment.copy(MemorySegment.ofArray(packet), 0, frames, at, size);
                frames.set(BE16, at + 2, (short) ++seq);
                if (sender.protectRtp(frames, at, size, CAPACITY) != length) {
                    throw new IllegalStateException("protect refused packet " + seq);
                }
            }
        }
    }
}
