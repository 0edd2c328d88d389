package io.xsfu.bench.latency;

import io.xsfu.sys.CallState;
import io.xsfu.sys.Libc;
import io.xsfu.sys.SocketStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One-way latency through a forwarder, from a client host (run inside the client namespace, pinned to a core
 * of its own). A single thread sends probe RTP packets at a fixed rate from one UDP socket and busy-polls
 * {@code fanout} UDP sockets (ports {@code firstPort + j}, epoll with a zero timeout, recvmmsg) for the
 * copies. A copy's latency is its kernel receive timestamp ({@link ReceiveTimestamp}: when it entered the
 * client's stack) minus the {@link System#nanoTime()} taken just before its original was sent, carried in
 * the payload (same host, clocks related by a measured offset). So the probe's own scheduling, which on a
 * shared machine can stall it for milliseconds, does not count; the latency as the application saw it (its
 * own receive time) is reported too, and the difference is the measuring side's share. The send lag (actual
 * minus scheduled send time) and schedule restarts show how well the probe kept its rate.
 *
 * <p>A warm-up phase at the highest rate comes first (also what teaches a comedia SFU our address), then
 * one phase per rate. Copies arriving later than the grace period after their phase count as lost (and as
 * stale when they do show up). Prints one JSON object per measured phase on stdout; nothing is allocated
 * per packet.
 */
public final class LatencyProbe {
    private static final int BATCH = 64;
    private static final int BUFFER = 2048;
    private static final int SOCKET_BUFFER = 8 << 20;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Falling this far behind the schedule restarts it instead of sending a burst to catch up. */
    private static final long MAX_BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MMSG_SIZE = (int) SocketStructs.MMSGHDR.byteSize();
    private static final int IOVEC_SIZE = (int) SocketStructs.IOVEC.byteSize();

    private final ProbeOptions o;
    private final Arena arena = Arena.ofShared();
    private final CallState callState = new CallState();
    private final int sendFd;
    private final int[] recvFds;
    private final int epollFd;
    private final MemorySegment events;
    private final MemorySegment sendBuf;
    private final MemorySegment target;
    private final MemorySegment recvBuffers;
    private final MemorySegment recvMsgs;
    private final MemorySegment recvControl;
    private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram appLatency = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
    private long sequence;

    // Per phase, reset by run().
    private int phase;
    private byte[] copiesSeen = new byte[0];
    private long received;
    private long duplicates;
    private long stale;
    private long unstamped;
    private long realtimeOffset;

    private LatencyProbe(ProbeOptions o) {
        this.o = o;
        this.sendFd = udpSocket(new InetSocketAddress(o.bind(), o.sourcePort()));
        this.recvFds = new int[o.fanout()];
        this.epollFd = Libc.epollCreate();
        for (int j = 0; j < o.fanout(); j++) {
            recvFds[j] = udpSocket(new InetSocketAddress(o.bind(), o.firstPort() + j));
            Libc.epollAdd(epollFd, recvFds[j], j);
        }
        this.events = arena.allocate((long) Libc.EPOLL_EVENT_SIZE * o.fanout(), 8);
        this.sendBuf = arena.allocate(o.payload(), 8);
        ProbePacket.init(sendBuf);
        this.target = SocketStructs.sockaddr(arena, o.target());
        this.recvBuffers = arena.allocate((long) BUFFER * BATCH, 64);
        this.recvMsgs = arena.allocate((long) MMSG_SIZE * BATCH, 8);
        this.recvControl = arena.allocate((long) ReceiveTimestamp.CONTROL_SPACE * BATCH, 8);
        MemorySegment iovecs = arena.allocate((long) IOVEC_SIZE * BATCH, 8);
        for (int i = 0; i < BATCH; i++) {
            MemorySegment iov = iovecs.asSlice((long) i * IOVEC_SIZE, IOVEC_SIZE);
            iov.set(ValueLayout.ADDRESS, SocketStructs.IOVEC_BASE, recvBuffers.asSlice((long) i * BUFFER, BUFFER));
            iov.set(ValueLayout.JAVA_LONG, SocketStructs.IOVEC_LEN, BUFFER);
            MemorySegment m = recvMsgs.asSlice((long) i * MMSG_SIZE, MMSG_SIZE);
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_NAME, MemorySegment.NULL);
            m.set(ValueLayout.JAVA_INT, SocketStructs.MSGHDR_NAMELEN, 0);
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_IOV, iov);
            m.set(ValueLayout.JAVA_LONG, SocketStructs.MSGHDR_IOVLEN, 1L);
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_CONTROL,
                    recvControl.asSlice((long) i * ReceiveTimestamp.CONTROL_SPACE, ReceiveTimestamp.CONTROL_SPACE));
        }
    }

    private int udpSocket(InetSocketAddress bind) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        // As root the FORCE variants go past net.core.rmem_max: a full burst must not be dropped by us.
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, SOCKET_BUFFER, "SO_RCVBUFFORCE");
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, SOCKET_BUFFER, "SO_SNDBUFFORCE");
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, ReceiveTimestamp.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
        try (Arena a = Arena.ofConfined()) {
            Libc.bind(fd, SocketStructs.sockaddr(a, bind), "UDP " + bind);
        }
        return fd;
    }

    public static void main(String[] args) {
        ProbeOptions o;
        try {
            o = ProbeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LatencyProbe probe = new LatencyProbe(o);
        int max = java.util.Arrays.stream(o.rates()).max().orElseThrow();
        PhaseResult warm = probe.run(0, max, o.warmupSeconds());
        System.err.printf("%s fanout %d: warm-up at %d pps: %d of %d copies, p50 %s%n", o.label(), o.fanout(), max,
                warm.received(), warm.expected(), warm.latency().getTotalCount() == 0 ? "-"
                        : warm.latency().getValueAtPercentile(50) / 1000.0 + " us");
        if (warm.received() == 0) {
            System.err.println("no copies came back during the warm-up: is the forwarder running?");
            System.exit(1);
        }
        for (int i = 0; i < o.rates().length; i++) {
            PhaseResult r = probe.run(i + 1, o.rates()[i], o.seconds());
            System.out.println(r.json());
            System.out.flush();
        }
    }

    /** Sends at {@code rate} for {@code seconds}, then drains for the grace period; phase ids must differ. */
    private PhaseResult run(int phaseId, int rate, double seconds) {
        long packets = (long) Math.ceil(rate * seconds);
        phase = phaseId;
        copiesSeen = new byte[(int) Math.min(Integer.MAX_VALUE - 8, packets + 1)];
        received = 0;
        duplicates = 0;
        stale = 0;
        unstamped = 0;
        realtimeOffset = ReceiveTimestamp.realtimeMinusMonotonic();
        latency.reset();
        appLatency.reset();
        sendLag.reset();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long sent = 0;
        long sendErrors = 0;
        long resyncs = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long end = start + (long) (seconds * 1e9);
        long graceEnd = end + TimeUnit.MILLISECONDS.toNanos(o.graceMillis());
        long next = start;
        while (true) {
            long now = System.nanoTime();
            if (now < end) {
                if (now >= next && sent < packets) {
                    long sentAt = System.nanoTime();
                    ProbePacket.stamp(sendBuf, phaseId, sent, sequence, sentAt);
                    long rc = Libc.sendto(callState, sendFd, sendBuf, o.payload(), 0, target, (int) target.byteSize());
                    if (rc < 0) {
                        sendErrors++;
                    } else {
                        sendLag.recordValue(Math.min(sentAt - next, HIGHEST_NANOS));
                        sent++;
                        sequence++;
                    }
                    next += interval;
                    if (sentAt - next > MAX_BEHIND_NANOS) {
                        next = sentAt;
                        resyncs++;
                    }
                }
            } else if (now >= graceEnd) {
                break;
            }
            poll();
        }
        return new PhaseResult(o.label(), o.fanout(), rate, seconds, sent, sent / seconds, sent * o.fanout(),
                received, duplicates, stale, unstamped, sendErrors, resyncs, latency.copy(), appLatency.copy(), sendLag.copy());
    }

    private void poll() {
        int ready = Libc.epollWait(callState, epollFd, events, recvFds.length, 0);
        for (int e = 0; e < ready; e++) {
            int j = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) e * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_EVENT_DATA);
            int n;
            while ((n = receive(recvFds[j])) > 0) {
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long msg = (long) i * MMSG_SIZE;
                    int length = recvMsgs.get(ValueLayout.JAVA_INT, msg + SocketStructs.MMSGHDR_LEN);
                    long stamped = ReceiveTimestamp.realtimeNanos(recvControl, (long) i * ReceiveTimestamp.CONTROL_SPACE,
                            recvMsgs.get(ValueLayout.JAVA_LONG, msg + SocketStructs.MSGHDR_CONTROLLEN));
                    record(recvBuffers, (long) i * BUFFER, length, stamped < 0 ? -1 : stamped - realtimeOffset, now);
                }
                if (n < BATCH) {
                    break;
                }
            }
        }
    }

    /** recvmmsg of up to a batch; the kernel overwrites each message's control length, so it is reset first. */
    private int receive(int fd) {
        for (int i = 0; i < BATCH; i++) {
            recvMsgs.set(ValueLayout.JAVA_LONG, (long) i * MMSG_SIZE + SocketStructs.MSGHDR_CONTROLLEN,
                    ReceiveTimestamp.CONTROL_SPACE);
        }
        return Libc.recvmmsg(callState, fd, recvMsgs, BATCH, Libc.MSG_DONTWAIT);
    }

    /** {@code kernelNanos}: the kernel's receive time on the monotonic clock, or -1 when unstamped. */
    private void record(MemorySegment buf, long offset, int length, long kernelNanos, long now) {
        if (!ProbePacket.isProbe(buf, offset, length)) {
            return;
        }
        if (ProbePacket.phase(buf, offset) != phase) {
            stale++;
            return;
        }
        long index = ProbePacket.index(buf, offset);
        if (index < 0 || index >= copiesSeen.length) {
            return;
        }
        received++;
        if (++copiesSeen[(int) index] > o.fanout()) {
            duplicates++;
        }
        long sent = ProbePacket.sentNanos(buf, offset);
        appLatency.recordValue(clamp(now - sent));
        if (kernelNanos < 0) {
            unstamped++;
            kernelNanos = now;
        }
        latency.recordValue(clamp(kernelNanos - sent));
    }

    private static long clamp(long nanos) {
        return Math.min(Math.max(0, nanos), HIGHEST_NANOS);
    }
}
