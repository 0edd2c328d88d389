package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.sys.CallState;
import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.xsk.ConsumerRing;
import io.xsfu.xsk.FrameAllocator;
import io.xsfu.xsk.ProducerRing;
import io.xsfu.xsk.XskSocket;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The AF_XDP backend: one socket per RX queue, each with its own UMEM. Per socket and duty cycle:
 * reap TX completions, take a batch from the RX ring, parse and forward each frame (copies go to the
 * same socket's TX ring), return RX frames, kick TX, refill the fill ring. Frames are accounted for by
 * each socket's {@link FrameAllocator}.
 */
public final class XskBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(XskBackend.class.getName());
    private static final long DRAIN_TIMEOUT_NANOS = 1_000_000_000L;
    /** Enough for a full batch at fan-out 16 in 32-frame syscalls, bounded so that RX is not starved. */
    private static final int MAX_KICKS_PER_CYCLE = 32;

    private final XskSocket[] sockets;
    private final XskEgress[] egress;
    private final DataplaneCounters counters;
    private final FrameGauges gauges;
    private final ParsedPacket parsed = new ParsedPacket();
    private final CallState callState = new CallState();
    private final int batchSize;
    private final int txFrameReserve;
    private boolean closed;
    private boolean internalErrorLogged;

    public XskBackend(List<XskSocket> sockets, SourceAddresses source, int mtu, int batchSize,
                      DataplaneCounters counters) {
        this.sockets = sockets.toArray(new XskSocket[0]);
        this.egress = new XskEgress[this.sockets.length];
        for (int i = 0; i < this.sockets.length; i++) {
            egress[i] = new XskEgress(this.sockets[i], source, mtu, counters);
        }
        this.counters = counters;
        this.batchSize = batchSize;
        // Keep a ring's worth of frames out of the fill ring so that copies always find TX frames.
        this.txFrameReserve = this.sockets.length == 0 ? 0 : this.sockets[0].tx().size();
        this.gauges = new FrameGauges(counters.manager(), this.sockets);
    }

    /** The first queue's socket: its copies are flushed and kicked every duty cycle like the others. */
    @Override
    public Egress controlEgress() {
        return egress[0];
    }

    @Override
    public String name() {
        return "afxdp";
    }

    @Override
    public int poll(Forwarder forwarder, long nowNanos) {
        int work = 0;
        for (int s = 0; s < sockets.length; s++) {
            work += pollSocket(sockets[s], egress[s], forwarder, nowNanos);
        }
        return work;
    }

    private int pollSocket(XskSocket socket, XskEgress out, Forwarder forwarder, long nowNanos) {
        FrameAllocator frames = socket.frames();
        int work = reapCompletions(socket, frames);
        ConsumerRing rx = socket.rx();
        int n = rx.peek(batchSize);
        if (n > 0) {
            MemorySegment umem = socket.umem();
            int first = rx.peekedIndex();
            for (int i = 0; i < n; i++) {
                long address = rx.descriptorAddress(first + i);
                int length = rx.descriptorLength(first + i);
                long frame = frames.frameOf(address);
                counters.received(length);
                if (!frames.received(frame)) {
                    // Not a frame we gave the kernel: never read it (it may hold one of our TX copies).
                    counters.drop(ForwardDrop.INVALID_RX_FRAME);
                    continue;
                }
                try {
                    int reason = PacketParser.parse(umem, address, length, parsed, false);
                    if (reason != 0) {
                        counters.drop(reason);
                    } else {
                        forwarder.onDatagram(parsed, out, nowNanos);
                    }
                } catch (RuntimeException bug) {
                    // A bug, not bad input (bad input is a counted drop): keep the ring and the frames
                    // consistent, count it, log the first one.
                    internalError(bug);
                } finally {
                    frames.free(frame);
                }
            }
            rx.release(n);
            work += n;
        }
        out.flush();
        kickTx(socket, out);
        refill(socket, frames);
        return work;
    }

    private int reapCompletions(XskSocket socket, FrameAllocator frames) {
        ConsumerRing cq = socket.completion();
        int c = cq.peek(cq.size());
        if (c > 0) {
            int first = cq.peekedIndex();
            for (int i = 0; i < c; i++) {
                frames.completed(frames.frameOf(cq.address(first + i)));
            }
            cq.release(c);
        }
        return c;
    }

    /**
     * Copy mode transmits only inside a syscall: each {@code sendto} moves up to the socket's TX budget
     * and answers EAGAIN when more is queued (kernel 6.17+; older kernels return 0). So we kick while the
     * kernel keeps taking descriptors, and stop when a kick moved nothing (its completion ring or the
     * device is full: the next cycle reaps completions first) or on another error. In zero-copy mode the
     * driver sends on its own: one kick, and only when the kernel asks (need_wakeup).
     */
    private void kickTx(XskSocket socket, XskEgress out) {
        ProducerRing tx = socket.tx();
        int outstanding = tx.outstanding();
        if (out.queuedSinceKick() == 0 && outstanding == 0) {
            return;
        }
        out.kicked();
        if (socket.zeroCopy()) {
            if (!socket.needWakeup() || tx.needsWakeup()) {
                kick(socket);
            }
            return;
        }
        for (int k = 0; k < MAX_KICKS_PER_CYCLE && outstanding > 0; k++) {
            int errno = kick(socket);
            int left = tx.outstanding();
            if (left >= outstanding || (errno != 0 && errno != Errno.EAGAIN)) {
                return;
            }
            outstanding = left;
        }
    }

    /** One TX kick; returns 0 or the errno. */
    private int kick(XskSocket socket) {
        counters.txKicks.incrementRelease();
        if (Libc.sendtoKick(callState, socket.fd()) >= 0) {
            return 0;
        }
        int errno = callState.errno();
        if (errno != Errno.EAGAIN && errno != Errno.EBUSY && errno != Errno.ENOBUFS) {
            counters.txKickErrors.incrementRelease();
        }
        return errno;
    }

    private void internalError(RuntimeException bug) {
        counters.drop(ForwardDrop.INTERNAL_ERROR);
        if (!internalErrorLogged) {
            internalErrorLogged = true;
            LOG.log(System.Logger.Level.ERROR, "bug while forwarding a packet (dropped and counted as internal_error; "
                    + "logged once)", bug);
        }
    }

    private void refill(XskSocket socket, FrameAllocator frames) {
        ProducerRing fill = socket.fill();
        int spare = frames.freeCount() - txFrameReserve;
        if (spare <= 0) {
            return;
        }
        int n = fill.reserve(Math.min(spare, batchSize * 2));
        if (n > 0) {
            int first = fill.reservedIndex();
            for (int i = 0; i < n; i++) {
                fill.setAddress(first + i, frames.allocateForFill());
            }
            fill.submit(n);
        }
        if (socket.needWakeup() && fill.needsWakeup()) {
            Libc.recvfromKick(callState, socket.fd());
        }
    }

    @Override
    public void housekeeping() {
        gauges.publish();
    }

    public List<XskSocket> sockets() {
        return List.of(sockets);
    }

    /**
     * Lets queued copies leave (kicking TX until every frame is completed or a second passes), then closes
     * the sockets; the steering program must already have stopped redirecting to them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        for (int s = 0; s < sockets.length; s++) {
            XskSocket socket = sockets[s];
            egress[s].flush();
            while (socket.frames().inTx() > 0 && System.nanoTime() < deadline) {
                Libc.sendtoKick(callState, socket.fd());
                reapCompletions(socket, socket.frames());
                Thread.onSpinWait();
            }
        }
        for (XskSocket socket : sockets) {
            try {
                socket.close();
                LOG.log(System.Logger.Level.INFO, "queue {0}: closed, {1}", socket.queueId(), socket.frames());
            } catch (RuntimeException e) {
                // Keep closing the others: each holds its own UMEM and rings.
                LOG.log(System.Logger.Level.WARNING, "queue " + socket.queueId() + ": close failed: " + e.getMessage(), e);
            }
        }
        gauges.publish();
        callState.close();
    }
}
