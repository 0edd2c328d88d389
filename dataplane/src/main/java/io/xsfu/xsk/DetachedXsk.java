package io.xsfu.xsk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An {@link XskSocket} whose UMEM and rings are plain native memory, with the kernel's side of the rings
 * played by the caller: for benchmarks and tests of everything the agent does per packet (RX, fill and
 * completion ring bookkeeping, parsing, forwarding, writing copies, TX descriptors) without a kernel.
 *
 * <p>The socket has no file descriptor. It reports zero-copy mode with need_wakeup, and the rings' flags
 * words stay 0, so the backend never makes a wakeup syscall: the TX kick, which in copy mode is a
 * {@code sendto} per batch, is the one part of the agent's work not exercised. Single-threaded, like the
 * agent: call the kernel-side methods from the thread that polls the socket.
 */
public final class DetachedXsk implements AutoCloseable {
    // Producer, consumer and flags words on their own cache lines, as the kernel lays them out.
    private static final int PRODUCER = 0;
    private static final int CONSUMER = 64;
    private static final int FLAGS = 128;
    private static final int DESC = 192;
    private static final int DESC_SIZE = 16;
    private static final int ADDR_SIZE = 8;

    private final XskSocket socket;
    private final ProducerRing fill;
    private final ProducerRing tx;
    private final ConsumerRing rx;
    private final ConsumerRing completion;

    private DetachedXsk(XskSocket socket) {
        this.socket = socket;
        this.fill = socket.fill();
        this.tx = socket.tx();
        this.rx = socket.rx();
        this.completion = socket.completion();
    }

    /** A socket sized by {@code options} (bind mode and need_wakeup are ignored), its fill ring full as after bind. */
    public static DetachedXsk open(XskSocket.Options options) {
        Arena arena = Arena.ofShared();
        try {
            int ring = options.ringSize();
            MemorySegment umem = arena.allocate((long) options.frameCount() * options.frameSize(), 4096);
            FrameAllocator frames = new FrameAllocator(options.frameCount(), options.frameSize());
            ProducerRing fill = new ProducerRing(ring(arena, ring, ADDR_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ring, ADDR_SIZE);
            ProducerRing tx = new ProducerRing(ring(arena, ring, DESC_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ring, DESC_SIZE);
            ConsumerRing rx = new ConsumerRing(ring(arena, ring, DESC_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ring, DESC_SIZE);
            ConsumerRing completion = new ConsumerRing(ring(arena, ring, ADDR_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ring,
                    ADDR_SIZE);
            int n = fill.reserve(ring);
            int first = fill.reservedIndex();
            for (int i = 0; i < n; i++) {
                fill.setAddress(first + i, frames.allocateForFill());
            }
            fill.submit(n);
            return new DetachedXsk(XskSocket.detached(umem, frames, arena, fill, tx, rx, completion));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment ring(Arena arena, int entries, int entrySize) {
        return arena.allocate(DESC + (long) entries * entrySize, 4096);
    }

    public XskSocket socket() {
        return socket;
    }

    /**
     * The kernel receiving: up to {@code count} copies of {@code length} bytes of {@code frame} go into frames
     * taken from the fill ring and are published on the RX ring. Returns how many (fewer when the fill ring
     * runs dry or the RX ring is full).
     */
    public int receive(MemorySegment frame, long offset, int length, int count) {
        int fillConsumer = fill.loadConsumerAcquire();
        int available = fill.loadProducerAcquire() - fillConsumer;
        int rxProducer = rx.loadProducerAcquire();
        int rxFree = rx.size() - (rxProducer - rx.loadConsumerAcquire());
        int n = Math.min(count, Math.min(available, rxFree));
        MemorySegment umem = socket.umem();
        for (int i = 0; i < n; i++) {
            long address = fill.entries.get(ValueLayout.JAVA_LONG, fill.entryOffset(fillConsumer + i));
            MemorySegment.copy(frame, offset, umem, address, length);
            long at = rx.entryOffset(rxProducer + i);
            rx.entries.set(ValueLayout.JAVA_LONG, at, address);
            rx.entries.set(ValueLayout.JAVA_INT, at + 8, length);
            rx.entries.set(ValueLayout.JAVA_INT, at + 12, 0);
        }
        fill.storeConsumerRelease(fillConsumer + n);
        rx.storeProducerRelease(rxProducer + n);
        return n;
    }

    /**
     * The kernel transmitting: every descriptor on the TX ring is consumed and its frame address put on the
     * completion ring. Returns how many (fewer when the completion ring is full).
     */
    public int transmitAll() {
        int txConsumer = tx.loadConsumerAcquire();
        int queued = tx.loadProducerAcquire() - txConsumer;
        int cqProducer = completion.loadProducerAcquire();
        int cqFree = completion.size() - (cqProducer - completion.loadConsumerAcquire());
        int n = Math.min(queued, cqFree);
        for (int i = 0; i < n; i++) {
            long address = tx.entries.get(ValueLayout.JAVA_LONG, tx.entryOffset(txConsumer + i));
            completion.entries.set(ValueLayout.JAVA_LONG, completion.entryOffset(cqProducer + i), address);
        }
        tx.storeConsumerRelease(txConsumer + n);
        completion.storeProducerRelease(cqProducer + n);
        return n;
    }

    /** Descriptors ever published on the TX ring. */
    public int txProduced() {
        return tx.loadProducerAcquire();
    }

    /** The UMEM address of TX descriptor {@code index} (for checking what was queued). */
    public long txAddress(int index) {
        return tx.entries.get(ValueLayout.JAVA_LONG, tx.entryOffset(index));
    }

    /** The length of TX descriptor {@code index}. */
    public int txLength(int index) {
        return tx.entries.get(ValueLayout.JAVA_INT, tx.entryOffset(index) + 8);
    }

    /** Closes the socket, which frees the memory. */
    @Override
    public void close() {
        socket.close();
    }
}
