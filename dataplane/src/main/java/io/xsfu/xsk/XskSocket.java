package io.xsfu.xsk;

import static io.xsfu.xdp.XdpStructs.SOL_XDP;

import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import io.xsfu.xdp.XdpStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One AF_XDP socket bound to one RX queue, with its own UMEM and its four rings mapped into Java. Set-up
 * is plain syscalls (socket, setsockopt XDP_UMEM_REG and ring sizes, getsockopt XDP_MMAP_OFFSETS, mmap,
 * bind); after that the rings are read and written directly, with no downcall per packet.
 */
public final class XskSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(XskSocket.class.getName());
    private static final int DESC_SIZE = (int) XdpStructs.XDP_DESC_SIZE;
    private static final int ADDR_SIZE = 8;

    /** Sizing and binding of one socket. */
    public record Options(int frameCount, int frameSize, int ringSize, BindMode bindMode, boolean needWakeup) {
        public Options {
            if (!RingIndex.isPowerOfTwo(frameSize) || frameSize < 2048 || frameSize > 4096) {
                throw new IllegalArgumentException("frameSize must be 2048 or 4096: " + frameSize);
            }
            if (!RingIndex.isPowerOfTwo(ringSize) || !RingIndex.isPowerOfTwo(frameCount) || ringSize * 2 > frameCount) {
                throw new IllegalArgumentException("ringSize and frameCount must be powers of two, ringSize <= frameCount/2");
            }
        }
    }

    private final int ifindex;
    private final int queueId;
    private final int fd;
    private final MemorySegment umem;
    private final FrameAllocator frames;
    /** Owns the UMEM and ring mappings: closing it unmaps them, and any later access throws instead of crashing. */
    private final Arena mappingsArena;
    private final ProducerRing fill;
    private final ProducerRing tx;
    private final ConsumerRing rx;
    private final ConsumerRing completion;
    private final boolean zeroCopy;
    private final boolean needWakeup;
    private int leakedAtClose = -1;
    private boolean closed;

    private XskSocket(int ifindex, int queueId, int fd, MemorySegment umem, FrameAllocator frames,
                      Arena mappingsArena, ProducerRing fill, ProducerRing tx, ConsumerRing rx,
                      ConsumerRing completion, boolean zeroCopy, boolean needWakeup) {
        this.ifindex = ifindex;
        this.queueId = queueId;
        this.fd = fd;
        this.umem = umem;
        this.frames = frames;
        this.mappingsArena = mappingsArena;
        this.fill = fill;
        this.tx = tx;
        this.rx = rx;
        this.completion = completion;
        this.zeroCopy = zeroCopy;
        this.needWakeup = needWakeup;
    }

    /**
     * Opens a socket on {@code queueId} of {@code ifindex} (in the calling thread's network namespace) and
     * fills the fill ring with frames before binding. In AUTO mode zero-copy is tried first; a
     * driver that cannot do it (EOPNOTSUPP) gets a fresh socket in copy mode.
     */
    public static XskSocket open(int ifindex, int queueId, Options options) {
        return switch (options.bindMode()) {
            case COPY -> create(ifindex, queueId, options, XdpStructs.XDP_COPY);
            case ZEROCOPY -> create(ifindex, queueId, options, XdpStructs.XDP_ZEROCOPY);
            case AUTO -> {
                try {
                    yield create(ifindex, queueId, options, XdpStructs.XDP_ZEROCOPY);
                } catch (NativeException.NotSupportedException e) {
                    LOG.log(System.Logger.Level.INFO, "queue {0}: zero-copy not supported by the driver ({1}); using copy mode",
                            queueId, e.getMessage());
                    yield create(ifindex, queueId, options, XdpStructs.XDP_COPY);
                }
            }
        };
    }

    private static XskSocket create(int ifindex, int queueId, Options o, short modeFlag) {
        Arena mappings = Arena.ofShared();
        int fd = -1;
        try (Arena arena = Arena.ofConfined()) {
            long umemBytes = (long) o.frameCount() * o.frameSize();
            MemorySegment umem = owned(mappings, Libc.mmap(umemBytes, Libc.PROT_READ | Libc.PROT_WRITE,
                    Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_POPULATE, -1, 0, "UMEM " + umemBytes + " bytes"));
            fd = Libc.socket(Libc.AF_XDP, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            MemorySegment reg = arena.allocate(XdpStructs.XDP_UMEM_REG_LAYOUT);
            reg.set(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_UMEM_REG_LAYOUT, "addr"), umem.address());
            reg.set(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_UMEM_REG_LAYOUT, "len"), umem.byteSize());
            reg.set(ValueLayout.JAVA_INT, XdpStructs.offset(XdpStructs.XDP_UMEM_REG_LAYOUT, "chunk_size"), o.frameSize());
            reg.set(ValueLayout.JAVA_INT, XdpStructs.offset(XdpStructs.XDP_UMEM_REG_LAYOUT, "headroom"), 0);
            Libc.setsockopt(fd, SOL_XDP, XdpStructs.XDP_UMEM_REG, reg, "XDP_UMEM_REG");
            int ring = o.ringSize();
            Libc.setsockoptInt(fd, SOL_XDP, XdpStructs.XDP_UMEM_FILL_RING, ring, "XDP_UMEM_FILL_RING");
            Libc.setsockoptInt(fd, SOL_XDP, XdpStructs.XDP_UMEM_COMPLETION_RING, ring, "XDP_UMEM_COMPLETION_RING");
            Libc.setsockoptInt(fd, SOL_XDP, XdpStructs.XDP_RX_RING, ring, "XDP_RX_RING");
            Libc.setsockoptInt(fd, SOL_XDP, XdpStructs.XDP_TX_RING, ring, "XDP_TX_RING");

            MemorySegment off = arena.allocate(XdpStructs.XDP_MMAP_OFFSETS_LAYOUT);
            Libc.getsockopt(fd, SOL_XDP, XdpStructs.XDP_MMAP_OFFSETS, off, "XDP_MMAP_OFFSETS");
            RingOffsets rxo = RingOffsets.read(off, "rx");
            RingOffsets txo = RingOffsets.read(off, "tx");
            RingOffsets fro = RingOffsets.read(off, "fr");
            RingOffsets cro = RingOffsets.read(off, "cr");
            MemorySegment rxMap = owned(mappings, mapRing(fd, rxo, ring, DESC_SIZE, XdpStructs.XDP_PGOFF_RX_RING, "RX ring"));
            MemorySegment txMap = owned(mappings, mapRing(fd, txo, ring, DESC_SIZE, XdpStructs.XDP_PGOFF_TX_RING, "TX ring"));
            MemorySegment frMap = owned(mappings, mapRing(fd, fro, ring, ADDR_SIZE, XdpStructs.XDP_UMEM_PGOFF_FILL_RING, "fill ring"));
            MemorySegment crMap = owned(mappings, mapRing(fd, cro, ring, ADDR_SIZE, XdpStructs.XDP_UMEM_PGOFF_COMPLETION_RING,
                    "completion ring"));
            ConsumerRing rx = new ConsumerRing(rxMap, rxo.producer, rxo.consumer, rxo.flags, rxo.desc, ring, DESC_SIZE);
            ProducerRing tx = new ProducerRing(txMap, txo.producer, txo.consumer, txo.flags, txo.desc, ring, DESC_SIZE);
            ProducerRing fill = new ProducerRing(frMap, fro.producer, fro.consumer, fro.flags, fro.desc, ring, ADDR_SIZE);
            ConsumerRing comp = new ConsumerRing(crMap, cro.producer, cro.consumer, cro.flags, cro.desc, ring, ADDR_SIZE);

            FrameAllocator frames = new FrameAllocator(o.frameCount(), o.frameSize());
            // Frames go to the fill ring before bind, so the first packets find buffers.
            int n = fill.reserve(ring);
            int first = fill.reservedIndex();
            for (int i = 0; i < n; i++) {
                fill.setAddress(first + i, frames.allocateForFill());
            }
            fill.submit(n);

            if (modeFlag == XdpStructs.XDP_COPY) {
                raiseTxBudget(fd, ring, queueId);
            }
            MemorySegment sa = arena.allocate(XdpStructs.SOCKADDR_XDP);
            short flags = (short) (modeFlag | (o.needWakeup() ? XdpStructs.XDP_USE_NEED_WAKEUP : 0));
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_XDP);
            sa.set(ValueLayout.JAVA_SHORT, 2, flags);
            sa.set(ValueLayout.JAVA_INT, 4, ifindex);
            sa.set(ValueLayout.JAVA_INT, 8, queueId);
            sa.set(ValueLayout.JAVA_INT, 12, 0);
            Libc.bind(fd, sa, "AF_XDP ifindex=" + ifindex + " queue=" + queueId
                    + (modeFlag == XdpStructs.XDP_ZEROCOPY ? " zero-copy" : " copy"));

            MemorySegment opts = arena.allocate(XdpStructs.XDP_OPTIONS_LAYOUT);
            Libc.getsockopt(fd, SOL_XDP, XdpStructs.XDP_OPTIONS, opts, "XDP_OPTIONS");
            boolean zc = (opts.get(ValueLayout.JAVA_INT, 0) & XdpStructs.XDP_OPTIONS_ZEROCOPY) != 0;
            LOG.log(System.Logger.Level.INFO, "AF_XDP socket on ifindex {0} queue {1}: {2} mode, {3} frames of {4} bytes, rings of {5}{6}",
                    ifindex, queueId, zc ? "zero-copy" : "copy", o.frameCount(), o.frameSize(), ring,
                    o.needWakeup() ? ", need_wakeup" : "");
            return new XskSocket(ifindex, queueId, fd, umem, frames, mappings, fill, tx, rx, comp, zc, o.needWakeup());
        } catch (RuntimeException e) {
            try {
                Libc.close(fd);
            } catch (RuntimeException closeFailed) {
                e.addSuppressed(closeFailed);
            }
            mappings.close();
            throw e;
        }
    }

    /**
     * A socket over plain memory without a file descriptor ({@link DetachedXsk}): zero-copy with need_wakeup,
     * so the agent makes no syscall for it as long as the rings' flags stay 0. Closing it frees {@code memory}.
     */
    static XskSocket detached(MemorySegment umem, FrameAllocator frames, Arena memory, ProducerRing fill,
                              ProducerRing tx, ConsumerRing rx, ConsumerRing completion) {
        return new XskSocket(0, 0, -1, umem, frames, memory, fill, tx, rx, completion, true, true);
    }

    /**
     * Copy mode transmits at most the socket's TX budget per sendto (32 by default). Kernels from 6.17 let us
     * raise it to the ring size, so one kick can drain a whole batch of copies; older ones do not know the
     * option, and the agent then kicks more often.
     */
    private static void raiseTxBudget(int fd, int ring, int queueId) {
        try {
            Libc.setsockoptInt(fd, SOL_XDP, XdpStructs.XDP_MAX_TX_SKB_BUDGET, ring, "XDP_MAX_TX_SKB_BUDGET");
            LOG.log(System.Logger.Level.INFO, "queue {0}: copy-mode TX budget raised to {1} frames per sendto",
                    queueId, ring);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.DEBUG, "queue {0}: copy-mode TX budget stays at the kernel''s default ({1})",
                    queueId, e.getMessage());
        }
    }

    /** Ties a raw mapping to the arena: unmapped when the arena closes. */
    private static MemorySegment owned(Arena arena, MemorySegment raw) {
        return raw.reinterpret(raw.byteSize(), arena, Libc::munmap);
    }

    private static MemorySegment mapRing(int fd, RingOffsets o, int entries, int entrySize, long pgoff, String what) {
        long length = o.desc + (long) entries * entrySize;
        return Libc.mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, pgoff, what);
    }

    private record RingOffsets(long producer, long consumer, long desc, long flags) {
        static RingOffsets read(MemorySegment offsets, String ring) {
            return new RingOffsets(
                    offsets.get(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_MMAP_OFFSETS_LAYOUT, ring, "producer")),
                    offsets.get(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_MMAP_OFFSETS_LAYOUT, ring, "consumer")),
                    offsets.get(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_MMAP_OFFSETS_LAYOUT, ring, "desc")),
                    offsets.get(ValueLayout.JAVA_LONG, XdpStructs.offset(XdpStructs.XDP_MMAP_OFFSETS_LAYOUT, ring, "flags")));
        }
    }

    /** The kernel's drop counters for this socket (a syscall: call from the control side, about once a second). */
    public XskStatistics statistics() {
        if (closed || fd < 0) {
            return XskStatistics.ZERO;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(XdpStructs.XDP_STATISTICS_LAYOUT);
            Libc.getsockopt(fd, SOL_XDP, XdpStructs.XDP_STATISTICS, s, "XDP_STATISTICS");
            return new XskStatistics(s.get(ValueLayout.JAVA_LONG, 0), s.get(ValueLayout.JAVA_LONG, 8),
                    s.get(ValueLayout.JAVA_LONG, 16), s.get(ValueLayout.JAVA_LONG, 24),
                    s.get(ValueLayout.JAVA_LONG, 32), s.get(ValueLayout.JAVA_LONG, 40));
        }
    }

    /**
     * Takes back every frame visible in the rings: received packets not yet processed, completions, and
     * fill entries the kernel never consumed. Call after the socket was removed from the XSKMAP and TX has
     * drained; then {@link FrameAllocator#allFree()} holds unless the kernel kept frames.
     */
    public void reclaimFromRings() {
        int n;
        while ((n = rx.peek(rx.size())) > 0) {
            int first = rx.peekedIndex();
            for (int i = 0; i < n; i++) {
                long frame = frames.frameOf(rx.descriptorAddress(first + i));
                if (frames.received(frame)) {
                    frames.free(frame);
                }
            }
            rx.release(n);
        }
        while ((n = completion.peek(completion.size())) > 0) {
            int first = completion.peekedIndex();
            for (int i = 0; i < n; i++) {
                frames.completed(frames.frameOf(completion.address(first + i)));
            }
            completion.release(n);
        }
        int consumer = fill.consumerIndexFresh();
        for (int i = consumer; i != fill.producerIndex(); i++) {
            frames.reclaimFromFill(fill.addressAt(i));
        }
    }

    /** Frames that were still with the kernel when the socket closed (-1 before close). */
    public int leakedAtClose() {
        return leakedAtClose;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reclaimFromRings();
        leakedAtClose = frames.frameCount() - frames.freeCount() - frames.inApp();
        if (fd >= 0) {
            Libc.close(fd);
        }
        // With the socket gone the kernel no longer references the UMEM: whatever it held is ours again.
        frames.reclaimAllFromKernel();
        mappingsArena.close();
        if (leakedAtClose > 0) {
            LOG.log(System.Logger.Level.WARNING, "queue {0}: {1} frames were still in the kernel at close", queueId, leakedAtClose);
        }
    }

    public int fd() {
        return fd;
    }

    public int ifindex() {
        return ifindex;
    }

    public int queueId() {
        return queueId;
    }

    public boolean zeroCopy() {
        return zeroCopy;
    }

    public boolean needWakeup() {
        return needWakeup;
    }

    public MemorySegment umem() {
        return umem;
    }

    public FrameAllocator frames() {
        return frames;
    }

    public ProducerRing fill() {
        return fill;
    }

    public ProducerRing tx() {
        return tx;
    }

    public ConsumerRing rx() {
        return rx;
    }

    public ConsumerRing completion() {
        return completion;
    }

    public boolean isClosed() {
        return closed;
    }
}
