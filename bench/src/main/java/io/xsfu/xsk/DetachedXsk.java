package io.xsfu.xsk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * An {@link XskSocket} over plain native memory instead of a kernel mapping, for benchmarking the agent's
 * side of the AF_XDP path without a kernel: same UMEM layout, same {@link FrameAllocator}, same ring classes
 * with the producer, consumer and flags words on their own cache lines as the kernel lays them out.
 *
 * <p>This class lives in the dataplane's package (split package on the class path) to reach the rings'
 * package-private constructors, and reaches XskSocket's private constructor by reflection: dataplane has
 * no public seam for a socket without a file descriptor. If that constructor changes, {@link #open} fails
 * with a message naming it, never silently. The socket must not be closed (its fd is -1): close the arena.
 */
public final class DetachedXsk {
    private static final int PRODUCER = 0;
    private static final int CONSUMER = 64;
    private static final int FLAGS = 128;
    private static final int DESC = 192;
    private static final int DESC_SIZE = 16;
    private static final int ADDR_SIZE = 8;

    private DetachedXsk() {
    }

    /**
     * A socket with {@code frameCount} frames of {@code frameSize} bytes and four rings of {@code ringSize}
     * entries, all allocated in {@code arena}, in copy mode without need_wakeup (as on veth).
     */
    public static XskSocket open(Arena arena, int frameCount, int frameSize, int ringSize) {
        MemorySegment umem = arena.allocate((long) frameCount * frameSize, 4096);
        FrameAllocator frames = new FrameAllocator(frameCount, frameSize);
        ProducerRing fill = new ProducerRing(ring(arena, ringSize, ADDR_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ringSize, ADDR_SIZE);
        ProducerRing tx = new ProducerRing(ring(arena, ringSize, DESC_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ringSize, DESC_SIZE);
        ConsumerRing rx = new ConsumerRing(ring(arena, ringSize, DESC_SIZE), PRODUCER, CONSUMER, FLAGS, DESC, ringSize, DESC_SIZE);
        ConsumerRing completion = new ConsumerRing(ring(arena, ringSize, ADDR_SIZE), PRODUCER, CONSUMER, FLAGS, DESC,
                ringSize, ADDR_SIZE);
        try {
            Constructor<XskSocket> c = XskSocket.class.getDeclaredConstructor(int.class, int.class, int.class,
                    MemorySegment.class, FrameAllocator.class, Arena.class, ProducerRing.class, ProducerRing.class,
                    ConsumerRing.class, ConsumerRing.class, boolean.class, boolean.class);
            c.setAccessible(true);
            return c.newInstance(0, 0, -1, umem, frames, arena, fill, tx, rx, completion, false, false);
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalStateException("XskSocket's private constructor changed; update DetachedXsk: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static MemorySegment ring(Arena arena, int entries, int entrySize) {
        return arena.allocate(DESC + (long) entries * entrySize, 4096);
    }

    /**
     * Plays the kernel and the agent's completion reaping in one step: every descriptor submitted on the TX
     * ring is consumed and its frame completed, as if it had been transmitted and come back on the
     * completion ring. Returns how many.
     */
    public static int transmitAll(XskSocket socket) {
        ProducerRing tx = socket.tx();
        FrameAllocator frames = socket.frames();
        int consumer = tx.loadConsumerAcquire();
        int producer = tx.producerIndex();
        for (int i = consumer; i != producer; i++) {
            frames.completed(frames.frameOf(tx.addressAt(i)));
        }
        tx.storeConsumerRelease(producer);
        return producer - consumer;
    }

    /** The length of TX descriptor {@code index} (for checking what was queued). */
    public static int txLength(XskSocket socket, int index) {
        ProducerRing tx = socket.tx();
        return tx.entries.get(java.lang.foreign.ValueLayout.JAVA_INT, tx.entryOffset(index) + 8);
    }

    /** The TX ring's producer index: descriptors ever submitted. */
    public static int txProduced(XskSocket socket) {
        return socket.tx().producerIndex();
    }
}
