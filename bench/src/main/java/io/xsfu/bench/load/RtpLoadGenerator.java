package io.xsfu.bench.load;

import io.xsfu.srtp.SrtpProfile;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.sys.CallState;
import io.xsfu.sys.Libc;
import io.xsfu.sys.SocketStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated publishers: each has its own UDP socket (source port {@code firstSourcePort + p}), SSRC and
 * destination, and its own RTP sequence numbers and timestamps, which advance by one packet and by
 * {@code timestampStep} per packet whatever the rate. Every packet carries a {@link LoadPacket} stamp taken
 * just before its send call. Sends with sendmmsg in batches of up to {@value #BATCH} packets of one
 * publisher, publishers in turn: as fast as one core allows (rate 0), or paced against a schedule with a
 * busy wait (a paced batch holds only the packets that are due, usually one and at most {@value #PACED_BATCH},
 * so a stamp is never older than its packet's send call by more than a few packets).
 *
 * <p>A publisher with an SRTP key sends SRTP ({@link #SRTP_PROFILE}, the stamp in a header extension: see
 * {@link LoadPacket}), protected per packet right after its stamp is written, with xsfu's own
 * {@link SrtpSession}: the tag covers the header, so a packet cannot be protected before its send time is
 * known, and a ring of packets protected in advance would carry stale stamps. AES-CM protect of a 200-byte
 * packet costs well under a microsecond (bench/jmh {@code SrtpBenchmark}), a fraction of the send path's
 * cost per packet; the stamp is taken before the batch is protected, so SRTP latency includes the
 * generator's protect of the packets ahead in its batch (paced: usually one).
 *
 * <p>Create it, and run it, on a thread in the client's network namespace: the sockets belong to the
 * namespace of the thread that opens them. Nothing is allocated per packet.
 */
public final class RtpLoadGenerator implements AutoCloseable {
    static final int BATCH = 64;
    /**
     * Paced calls send at most this many packets. All packets of a call carry the stamp taken before it, and the
     * kernel sends them one after the other (~2-3 us each through the veth, XDP and AF_XDP receive), so when the
     * generator caught up after being preempted with a full batch, the batch's last copies looked ~150 us older
     * than they were: in a quiet half-rate phase most copies above 100 us came from such catch-up bursts after
     * 0.3-1 ms preemptions of the generator's CPU. Four keeps a stamp within ~10 us of its packet's send and
     * still lets the generator catch up at several times the highest half rate.
     */
    static final int PACED_BATCH = 4;
    private static final long MAX_BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int SOCKET_BUFFER = 4 << 20;
    private static final int MMSG_SIZE = (int) SocketStructs.MMSGHDR.byteSize();
    private static final int IOVEC_SIZE = (int) SocketStructs.IOVEC.byteSize();

    /** The suite SRTP publishers send with. */
    public static final SrtpProfile SRTP_PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;

    /**
     * One simulated publisher: its SSRC, where it sends, and its SRTP key ({@link #SRTP_PROFILE}'s master key and
     * salt, as a transport's {@code receiveKey}) or null for clear RTP.
     */
    public record Publisher(int ssrc, InetSocketAddress target, byte[] srtpKey) {
        public Publisher(int ssrc, InetSocketAddress target) {
            this(ssrc, target, null);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final CallState callState = new CallState();
    private final int payloadBytes;
    private final int timestampStep;
    private final int[] fds;
    private final MemorySegment[] buffers;
    private final MemorySegment[] messages;
    private final int[] sequence;
    private final int[] timestamp;
    private final long[] index;
    /** Per publisher: its SRTP session (null: clear RTP) and its clear packet, which protect overwrites. */
    private final SrtpSession[] srtp;
    private final MemorySegment[] clearPackets;
    private final int srtpRtpLength;
    private boolean closed;

    private RtpLoadGenerator(InetSocketAddress firstSource, List<Publisher> publishers, int payloadBytes,
                             int payloadType, int timestampStep) {
        int n = publishers.size();
        this.payloadBytes = payloadBytes;
        this.timestampStep = timestampStep;
        this.fds = new int[n];
        this.buffers = new MemorySegment[n];
        this.messages = new MemorySegment[n];
        this.sequence = new int[n];
        this.timestamp = new int[n];
        this.index = new long[n];
        this.srtp = new SrtpSession[n];
        this.clearPackets = new MemorySegment[n];
        this.srtpRtpLength = payloadBytes - SRTP_PROFILE.rtpOverhead();
        java.util.Arrays.fill(fds, -1);
        try {
            for (int p = 0; p < n; p++) {
                Publisher pub = publishers.get(p);
                fds[p] = socket(new InetSocketAddress(firstSource.getAddress(), firstSource.getPort() + p));
                buffers[p] = arena.allocate((long) payloadBytes * BATCH, 64);
                if (pub.srtpKey() != null) {
                    // The UDP payload keeps the chosen size: the RTP packet is shorter by the tag.
                    byte[] key = pub.srtpKey();
                    int k = SRTP_PROFILE.keyLength();
                    srtp[p] = new SrtpSession(SRTP_PROFILE, java.util.Arrays.copyOf(key, k),
                            java.util.Arrays.copyOfRange(key, k, key.length));
                    clearPackets[p] = arena.allocate(srtpRtpLength, 64);
                    LoadPacket.init(clearPackets[p], srtpRtpLength, payloadType, pub.ssrc(), p, true);
                }
                for (int i = 0; i < BATCH; i++) {
                    LoadPacket.init(buffers[p].asSlice((long) i * payloadBytes, payloadBytes), payloadBytes, payloadType,
                            pub.ssrc(), p);
                }
                messages[p] = messages(buffers[p], SocketStructs.sockaddr(arena, pub.target()));
                // Streams start at different points, as real ones do; sequence numbers wrap as they will.
                sequence[p] = (p * 7919) & 0xFFFF;
                timestamp[p] = p * 104729;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens one socket per publisher, bound to {@code firstSource}'s address and consecutive ports from its
     * port. {@code payloadBytes} is the UDP payload: RTP header, stamp and padding.
     */
    public static RtpLoadGenerator open(InetSocketAddress firstSource, List<Publisher> publishers, int payloadBytes,
                                        int payloadType, int timestampStep) {
        if (publishers.isEmpty()) {
            throw new IllegalArgumentException("no publishers");
        }
        return new RtpLoadGenerator(firstSource, publishers, payloadBytes, payloadType, timestampStep);
    }

    private int socket(InetSocketAddress bind) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, SOCKET_BUFFER, "SO_SNDBUFFORCE");
        try (Arena a = Arena.ofConfined()) {
            Libc.bind(fd, SocketStructs.sockaddr(a, bind), "UDP " + bind);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return fd;
    }

    private MemorySegment messages(MemorySegment buf, MemorySegment target) {
        MemorySegment msgs = arena.allocate((long) MMSG_SIZE * BATCH, 8);
        MemorySegment iovecs = arena.allocate((long) IOVEC_SIZE * BATCH, 8);
        for (int i = 0; i < BATCH; i++) {
            MemorySegment iov = iovecs.asSlice((long) i * IOVEC_SIZE, IOVEC_SIZE);
            iov.set(ValueLayout.ADDRESS, SocketStructs.IOVEC_BASE, buf.asSlice((long) i * payloadBytes, payloadBytes));
            iov.set(ValueLayout.JAVA_LONG, SocketStructs.IOVEC_LEN, payloadBytes);
            MemorySegment m = msgs.asSlice((long) i * MMSG_SIZE, MMSG_SIZE);
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_NAME, target);
            m.set(ValueLayout.JAVA_INT, SocketStructs.MSGHDR_NAMELEN, (int) target.byteSize());
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_IOV, iov);
            m.set(ValueLayout.JAVA_LONG, SocketStructs.MSGHDR_IOVLEN, 1L);
        }
        return msgs;
    }

    /**
     * Sends for {@code seconds}: as fast as possible when {@code packetsPerSecond} is 0, else at that total
     * rate over all publishers.
     */
    public LoadResult run(double packetsPerSecond, double seconds) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        int publishers = fds.length;
        long[] perPublisher = new long[publishers];
        long sent = 0;
        long paced = 0;
        long resyncs = 0;
        long errors = 0;
        int p = 0;
        double perNano = packetsPerSecond / 1e9;
        long start = System.nanoTime();
        long scheduleStart = start;
        long end = start + (long) (seconds * 1e9);
        long now;
        while ((now = System.nanoTime()) < end) {
            int n = BATCH;
            if (packetsPerSecond > 0) {
                long due = (long) ((now - scheduleStart) * perNano) - paced;
                if (due <= 0) {
                    Thread.onSpinWait();
                    continue;
                }
                if (due > 1 + MAX_BEHIND_NANOS * perNano) {
                    // Too far behind (preempted): restart the schedule rather than send a burst.
                    scheduleStart = now;
                    paced = 0;
                    resyncs++;
                    due = 1;
                }
                n = (int) Math.min(due, PACED_BATCH);
            }
            stamp(p, n);
            int r = Libc.sendmmsg(callState, fds[p], messages[p], n, 0);
            if (r > 0) {
                advance(p, r);
                perPublisher[p] += r;
                sent += r;
                paced += r;
            } else {
                errors++;
            }
            p = p + 1 == publishers ? 0 : p + 1;
        }
        return new LoadResult(sent, perPublisher, (System.nanoTime() - start) / 1e9, resyncs, errors);
    }

    private void stamp(int p, int n) {
        MemorySegment buf = buffers[p];
        SrtpSession session = srtp[p];
        long sentNanos = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long at = (long) i * payloadBytes;
            if (session != null) {
                // The slot holds last round's ciphertext: start again from the clear packet.
                MemorySegment.copy(clearPackets[p], 0, buf, at, srtpRtpLength);
            }
            LoadPacket.stamp(buf, at, (sequence[p] + i) & 0xFFFF, timestamp[p] + i * timestampStep, index[p] + i, sentNanos);
            if (session != null) {
                // AES-CM protects a packet again under an index already used (one sendmmsg did not take): same packet.
                int length = session.protectRtp(buf, at, srtpRtpLength, payloadBytes);
                if (length != payloadBytes) {
                    throw new IllegalStateException("SRTP protect of publisher " + p + " returned " + length);
                }
            }
        }
    }

    private void advance(int p, int sent) {
        sequence[p] = (sequence[p] + sent) & 0xFFFF;
        timestamp[p] += sent * timestampStep;
        index[p] += sent;
    }

    /** Simulated publishers, one socket each. */
    public int publisherCount() {
        return fds.length;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int fd : fds) {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
        callState.close();
        arena.close();
    }
}
