package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.DropReason;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.route.Endpoint;
import io.xsfu.route.Transport;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.sys.CallState;
import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.SocketStructs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel-socket backend: one non-blocking UDP socket per participant port and media address, an epoll
 * set to find the readable ones, {@code recvmmsg} into preallocated buffers and {@code sendmmsg} of the
 * copies. The copies' iovecs point at the received buffer itself, so forwarding copies nothing in user
 * space; they are flushed before the buffers are reused. Same {@link Forwarder} as the AF_XDP backend:
 * this is both the fallback for machines without AF_XDP and the benchmark's kernel-socket baseline.
 */
public final class SocketBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(SocketBackend.class.getName());
    static final int BUFFER_SIZE = 2048;
    /** Room for a copy's rewritten RTP header (12 + CSRCs + extensions); longer headers are refused. */
    static final int MAX_RTP_HEADER = 256;
    private static final int SOCKADDR_SIZE = (int) SocketStructs.SOCKADDR_IN6.byteSize();
    private static final int MMSG_SIZE = (int) SocketStructs.MMSGHDR.byteSize();
    private static final int IOVEC_SIZE = (int) SocketStructs.IOVEC.byteSize();
    private static final int MSG_TRUNC = 0x20;
    private static final ValueLayout.OfShort NET_SHORT = SocketStructs.NET_SHORT;
    private static final ValueLayout.OfInt NET_INT = SocketStructs.NET_INT;
    private static final ValueLayout.OfLong NET_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final DataplaneCounters counters;
    private final CallState callState = new CallState();
    private final int batchSize;
    private final int epollFd;
    private final MemorySegment events;
    private final int maxEvents;
    private final List<InetAddress> addresses;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    /** The open sockets (agent-owned; replaced when a routing table adds or removes ports). */
    private UdpSocket[] sockets;
    /** Socket by (port - portMin) * 2 + (ipv6 ? 1 : 0), for choosing a copy's source socket. */
    private final UdpSocket[] byPortAndFamily;
    private final int portMin;
    private final ParsedPacket parsed = new ParsedPacket();
    // One receive batch, shared by all sockets (they are read one after another).
    private final MemorySegment recvBuffers;
    private final MemorySegment recvMsgs;
    private final MemorySegment recvIovecs;
    private final MemorySegment recvNames;
    private final SocketEgress egress = new SocketEgress();
    /** Room for one protected copy: a received datagram plus the largest SRTP tag. */
    static final int SRTP_SLOT = BUFFER_SIZE + 64;
    /** Whole-packet copies for WebRTC subscribers (encrypted per subscriber), reused after every flushAll. */
    private final MemorySegment srtpPool;
    private final int srtpSlots;
    private int srtpSlotsUsed;
    private final MemorySegment rawName = arena.allocate(SOCKADDR_SIZE, 8);
    private boolean closed;
    private boolean internalErrorLogged;

    /** One bound UDP socket with its pending send batch. */
    private final class UdpSocket {
        final int fd;
        final int port;
        final int ipVersion;
        final MemorySegment sendMsgs;
        final MemorySegment sendIovecs;
        final MemorySegment sendNames;
        final MemorySegment sendHeaders;
        int pending;
        /** Whether a queued entry's first piece points into the SRTP pool instead of its header scratch. */
        boolean pendingSrtp;

        UdpSocket(int fd, int port, int ipVersion) {
            this.fd = fd;
            this.port = port;
            this.ipVersion = ipVersion;
            this.sendMsgs = arena.allocate((long) MMSG_SIZE * batchSize, 8);
            this.sendIovecs = arena.allocate((long) IOVEC_SIZE * 2 * batchSize, 8);
            this.sendNames = arena.allocate((long) SOCKADDR_SIZE * batchSize, 8);
            this.sendHeaders = arena.allocate((long) MAX_RTP_HEADER * batchSize, 8);
            for (int i = 0; i < batchSize; i++) {
                MemorySegment m = sendMsgs.asSlice((long) i * MMSG_SIZE, MMSG_SIZE);
                m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_NAME, sendNames.asSlice((long) i * SOCKADDR_SIZE));
                m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_IOV, sendIovecs.asSlice((long) i * 2 * IOVEC_SIZE));
                // Two pieces per copy: this copy's rewritten RTP header, then the shared rest of the packet.
                m.set(ValueLayout.JAVA_LONG, SocketStructs.MSGHDR_IOVLEN, 2L);
                sendIovecs.set(ValueLayout.ADDRESS, (long) i * 2 * IOVEC_SIZE + SocketStructs.IOVEC_BASE,
                        sendHeaders.asSlice((long) i * MAX_RTP_HEADER, MAX_RTP_HEADER));
            }
        }
    }

    /**
     * Opens sockets for every transport port on every media address (in the calling thread's network
     * namespace) and registers them with epoll.
     */
    public SocketBackend(List<InetAddress> addresses, int portMin, int portMax, List<Integer> ports,
                         int batchSize, int receiveBufferBytes, int sendBufferBytes, DataplaneCounters counters) {
        this.counters = counters;
        this.batchSize = batchSize;
        this.portMin = portMin;
        this.byPortAndFamily = new UdpSocket[(portMax - portMin + 1) * 2];
        this.recvBuffers = arena.allocate((long) BUFFER_SIZE * batchSize, 64);
        this.srtpSlots = Math.max(batchSize, 64);
        this.srtpPool = arena.allocate((long) SRTP_SLOT * srtpSlots, 64);
        this.recvMsgs = arena.allocate((long) MMSG_SIZE * batchSize, 8);
        this.recvIovecs = arena.allocate((long) IOVEC_SIZE * batchSize, 8);
        this.recvNames = arena.allocate((long) SOCKADDR_SIZE * batchSize, 8);
        for (int i = 0; i < batchSize; i++) {
            MemorySegment iov = recvIovecs.asSlice((long) i * IOVEC_SIZE, IOVEC_SIZE);
            iov.set(ValueLayout.ADDRESS, SocketStructs.IOVEC_BASE, recvBuffers.asSlice((long) i * BUFFER_SIZE, BUFFER_SIZE));
            iov.set(ValueLayout.JAVA_LONG, SocketStructs.IOVEC_LEN, BUFFER_SIZE);
            MemorySegment m = recvMsgs.asSlice((long) i * MMSG_SIZE, MMSG_SIZE);
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_NAME, recvNames.asSlice((long) i * SOCKADDR_SIZE, SOCKADDR_SIZE));
            m.set(ValueLayout.ADDRESS, SocketStructs.MSGHDR_IOV, iov);
            m.set(ValueLayout.JAVA_LONG, SocketStructs.MSGHDR_IOVLEN, 1L);
        }
        this.addresses = List.copyOf(addresses);
        this.receiveBufferBytes = receiveBufferBytes;
        this.sendBufferBytes = sendBufferBytes;
        this.epollFd = Libc.epollCreate();
        this.sockets = new UdpSocket[0];
        // epoll data is the socket's slot in byPortAndFamily: stable while other sockets come and go.
        this.maxEvents = byPortAndFamily.length;
        this.events = arena.allocate((long) Libc.EPOLL_EVENT_SIZE * maxEvents, 8);
        try {
            openPorts(ports);
        } catch (RuntimeException e) {
            closeSockets();
            Libc.close(epollFd);
            arena.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "socket backend: {0} UDP sockets on {1}", sockets.length, addresses);
    }

    /** Opens the sockets of ports not open yet (every media address of each port). */
    private void openPorts(java.util.Collection<Integer> ports) {
        List<UdpSocket> open = new ArrayList<>(List.of(sockets));
        try {
            for (int port : ports) {
                for (InetAddress address : addresses) {
                    int slot = slot(port, address instanceof Inet6Address ? 6 : 4);
                    if (byPortAndFamily[slot] != null) {
                        continue;
                    }
                    UdpSocket s = open(address, port, receiveBufferBytes, sendBufferBytes);
                    byPortAndFamily[slot] = s;
                    open.add(s);
                    Libc.epollAdd(epollFd, s.fd, slot);
                }
            }
        } finally {
            sockets = open.toArray(new UdpSocket[0]);
        }
    }

    /**
     * A new routing table (signaling added or removed participants): sockets for new ports are opened,
     * those of ports no longer used are closed. Agent thread; a state change, so syscalls are fine here.
     */
    @Override
    public void apply(io.xsfu.route.RoutingTable table) {
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        table.transports().forEach(t -> ports.add(t.localPort()));
        flushAll();
        List<UdpSocket> keep = new ArrayList<>();
        for (UdpSocket s : sockets) {
            if (ports.contains(s.port)) {
                keep.add(s);
            } else {
                byPortAndFamily[slot(s.port, s.ipVersion)] = null;
                Libc.close(s.fd); // closing also removes it from the epoll set
            }
        }
        sockets = keep.toArray(new UdpSocket[0]);
        try {
            openPorts(ports);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "socket backend: cannot open sockets for the new routing table: "
                    + e.getMessage());
        }
    }

    private int slot(int port, int ipVersion) {
        return (port - portMin) * 2 + (ipVersion == 6 ? 1 : 0);
    }

    private void closeSockets() {
        for (UdpSocket s : sockets) {
            Libc.close(s.fd);
        }
        sockets = new UdpSocket[0];
    }

    private UdpSocket open(InetAddress address, int port, int rcvbuf, int sndbuf) {
        boolean v6 = address instanceof Inet6Address;
        int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        try {
            if (v6) {
                Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, 1, "IPV6_V6ONLY");
            }
            // FORCE variants exceed net.core.rmem_max as root; fall back to the capped ones otherwise.
            setBuffer(fd, Libc.SO_RCVBUFFORCE, Libc.SO_RCVBUF, rcvbuf);
            setBuffer(fd, Libc.SO_SNDBUFFORCE, Libc.SO_SNDBUF, sndbuf);
            try (Arena a = Arena.ofConfined()) {
                Libc.bind(fd, SocketStructs.sockaddr(a, new InetSocketAddress(address, port)),
                        "UDP " + address.getHostAddress() + ":" + port);
            }
            return new UdpSocket(fd, port, v6 ? 6 : 4);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static void setBuffer(int fd, int forced, int plain, int bytes) {
        try {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, forced, bytes, "socket buffer");
        } catch (RuntimeException e) {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, plain, bytes, "socket buffer");
        }
    }

    @Override
    public Egress controlEgress() {
        return egress;
    }

    @Override
    public String name() {
        return "socket";
    }

    @Override
    public int poll(Forwarder forwarder, long nowNanos) {
        int ready = Libc.epollWait(callState, epollFd, events, maxEvents, 0);
        if (ready <= 0) {
            return 0;
        }
        int work = 0;
        for (int e = 0; e < ready; e++) {
            int slot = (int) events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) e * Libc.EPOLL_EVENT_SIZE + 4);
            UdpSocket socket = byPortAndFamily[slot];
            if (socket != null) {
                work += receive(socket, forwarder, nowNanos);
            }
        }
        return work;
    }

    private int receive(UdpSocket socket, Forwarder forwarder, long nowNanos) {
        // The kernel overwrites name length and flags per message: reset them before each call.
        for (int i = 0; i < batchSize; i++) {
            long m = (long) i * MMSG_SIZE;
            recvMsgs.set(ValueLayout.JAVA_INT, m + SocketStructs.MSGHDR_NAMELEN, SOCKADDR_SIZE);
            recvMsgs.set(ValueLayout.JAVA_INT, m + SocketStructs.MSGHDR_FLAGS, 0);
        }
        int n = Libc.recvmmsg(callState, socket.fd, recvMsgs, batchSize, Libc.MSG_DONTWAIT);
        if (n <= 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            long msg = (long) i * MMSG_SIZE;
            int length = recvMsgs.get(ValueLayout.JAVA_INT, msg + SocketStructs.MMSGHDR_LEN);
            int flags = recvMsgs.get(ValueLayout.JAVA_INT, msg + SocketStructs.MSGHDR_FLAGS);
            counters.received(length);
            if ((flags & MSG_TRUNC) != 0) {
                counters.drop(DropReason.UDP_BAD_LENGTH);
                continue;
            }
            long name = (long) i * SOCKADDR_SIZE;
            int srcPort = recvNames.get(NET_SHORT, name + 2) & 0xffff;
            int reason;
            long buffer = (long) i * BUFFER_SIZE;
            if (socket.ipVersion == 4) {
                reason = PacketParser.parseDatagram(recvBuffers, buffer, length, 4, recvNames.get(NET_INT, name + 4),
                        0, 0, srcPort, socket.port, parsed, false);
            } else {
                reason = PacketParser.parseDatagram(recvBuffers, buffer, length, 6, 0, recvNames.get(NET_LONG, name + 8),
                        recvNames.get(NET_LONG, name + 16), srcPort, socket.port, parsed, false);
            }
            if (reason != 0) {
                counters.drop(reason);
                continue;
            }
            try {
                forwarder.onDatagram(parsed, egress, nowNanos);
            } catch (RuntimeException bug) {
                counters.drop(ForwardDrop.INTERNAL_ERROR);
                if (!internalErrorLogged) {
                    internalErrorLogged = true;
                    LOG.log(System.Logger.Level.ERROR, "bug while forwarding a packet (dropped and counted as "
                            + "internal_error; logged once)", bug);
                }
            }
        }
        // Always before the next recvmmsg: the queued iovecs point into the receive buffers.
        flushAll();
        return n;
    }

    private void flushAll() {
        for (UdpSocket s : sockets) {
            if (s.pending > 0) {
                flush(s);
            }
        }
        srtpSlotsUsed = 0;
    }

    private void flush(UdpSocket s) {
        int total = s.pending;
        int done = 0;
        while (done < total) {
            MemorySegment from = done == 0 ? s.sendMsgs : s.sendMsgs.asSlice((long) done * MMSG_SIZE);
            int sent = Libc.sendmmsg(callState, s.fd, from, total - done, 0);
            if (sent <= 0) {
                int errno = callState.errno();
                if (sent < 0 && errno == Errno.EINTR) {
                    continue;
                }
                // EAGAIN (send buffer full) or a hard error: the rest of this batch is lost, and counted.
                for (int i = done; i < total; i++) {
                    counters.drop(ForwardDrop.SOCKET_SEND_FAILED);
                }
                break;
            }
            for (int i = done; i < done + sent; i++) {
                long iov = (long) i * 2 * IOVEC_SIZE;
                counters.transmitted((int) (s.sendIovecs.get(ValueLayout.JAVA_LONG, iov + SocketStructs.IOVEC_LEN)
                        + s.sendIovecs.get(ValueLayout.JAVA_LONG, iov + IOVEC_SIZE + SocketStructs.IOVEC_LEN)));
            }
            done += sent;
        }
        if (s.pendingSrtp) {
            // SRTP entries pointed their first piece into the pool: back to the entries' header scratch.
            for (int i = 0; i < total; i++) {
                s.sendIovecs.set(ValueLayout.JAVA_LONG, (long) i * 2 * IOVEC_SIZE + SocketStructs.IOVEC_BASE,
                        s.sendHeaders.address() + (long) i * MAX_RTP_HEADER);
            }
            s.pendingSrtp = false;
        }
        s.pending = 0;
    }

    /**
     * Queues copies as sendmmsg entries of two iovecs: the copy's own RTP header (written into the entry's
     * scratch) and the rest of the packet, pointing into the receive buffer (flushed before it is reused).
     * Bytes the SFU made are sent at once with sendto: they live in a buffer the agent reuses.
     */
    private final class SocketEgress implements Egress {
        @Override
        public boolean needsNextHopMac() {
            return false;
        }

        @Override
        public void begin(ParsedPacket in) {
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
            UdpSocket s = socketFor(to);
            if (s == null) {
                return ForwardDrop.NO_SOURCE_ADDRESS;
            }
            // A copy whose payload descriptor is rewritten (simulcast) takes its own bytes up to the last one changed.
            int header = Math.max(in.rtpHeaderLength(), rewrite.patchEnd);
            if (header + rewrite.grown > MAX_RTP_HEADER) {
                return ForwardDrop.TX_TOO_BIG;
            }
            if (s.pending == batchSize) {
                flush(s);
            }
            SrtpSession srtp = to.outboundSrtp();
            if (srtp != null) {
                return sendSrtp(s, in, to, rewrite, srtp);
            }
            // The entry is counted as pending only once complete: a half-written one is never sent.
            int i = s.pending;
            writeName(s.sendNames, (long) i * SOCKADDR_SIZE, to.remote());
            setNameLength(s, i, to.remote().ipVersion() == 4 ? (int) SocketStructs.SOCKADDR_IN.byteSize() : SOCKADDR_SIZE);
            long scratch = (long) i * MAX_RTP_HEADER;
            int own = header;
            if (rewrite.insertTwcc) {
                own = RtpPatch.copyInsertingTwcc(in.segment(), in.payloadOffset(), in.rtpHeaderLength(), header,
                        s.sendHeaders, scratch, rewrite.twccId);
            } else {
                MemorySegment.copy(in.segment(), in.payloadOffset(), s.sendHeaders, scratch, header);
            }
            RtpPatch.apply(s.sendHeaders, scratch, rewrite);
            long iov = (long) i * 2 * IOVEC_SIZE;
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + SocketStructs.IOVEC_LEN, own);
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + IOVEC_SIZE + SocketStructs.IOVEC_BASE,
                    in.segment().address() + in.payloadOffset() + header);
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + IOVEC_SIZE + SocketStructs.IOVEC_LEN, in.payloadLength() - header);
            s.pending = i + 1;
            return 0;
        }

        /**
         * A WebRTC subscriber's copy is encrypted with its own keys, so it cannot share the received buffer: the
         * whole packet is copied into a slot of the SRTP pool, protected there, and sent as the entry's only piece.
         */
        private int sendSrtp(UdpSocket s, ParsedPacket in, Transport to, RtpRewrite rewrite, SrtpSession srtp) {
            int length = in.payloadLength();
            if (length + rewrite.grown + srtp.profile().rtpOverhead() > SRTP_SLOT) {
                return ForwardDrop.TX_TOO_BIG;
            }
            if (srtpSlotsUsed == srtpSlots) {
                // Every slot is referenced by a queued entry: send them all, then reuse the pool.
                flushAll();
            }
            long slot = (long) srtpSlotsUsed * SRTP_SLOT;
            if (rewrite.insertTwcc) {
                length = RtpPatch.copyInsertingTwcc(in.segment(), in.payloadOffset(), in.rtpHeaderLength(), length,
                        srtpPool, slot, rewrite.twccId);
            } else {
                MemorySegment.copy(in.segment(), in.payloadOffset(), srtpPool, slot, length);
            }
            RtpPatch.apply(srtpPool, slot, rewrite);
            int n = srtp.protectRtp(srtpPool, slot, length, SRTP_SLOT);
            if (n < 0) {
                return -n;
            }
            srtpSlotsUsed++;
            int i = s.pending;
            writeName(s.sendNames, (long) i * SOCKADDR_SIZE, to.remote());
            setNameLength(s, i, to.remote().ipVersion() == 4 ? (int) SocketStructs.SOCKADDR_IN.byteSize() : SOCKADDR_SIZE);
            long iov = (long) i * 2 * IOVEC_SIZE;
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + SocketStructs.IOVEC_BASE, srtpPool.address() + slot);
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + SocketStructs.IOVEC_LEN, n);
            s.sendIovecs.set(ValueLayout.JAVA_LONG, iov + IOVEC_SIZE + SocketStructs.IOVEC_LEN, 0L);
            s.pendingSrtp = true;
            s.pending = i + 1;
            return 0;
        }

        @Override
        public int sendRaw(MemorySegment buffer, long offset, int length, Transport via, Endpoint to) {
            UdpSocket s = byPortAndFamily[slot(via.localPort(), to.ipVersion())];
            if (s == null) {
                return ForwardDrop.NO_SOURCE_ADDRESS;
            }
            writeName(rawName, 0, to);
            int nameLength = to.ipVersion() == 4 ? (int) SocketStructs.SOCKADDR_IN.byteSize() : SOCKADDR_SIZE;
            MemorySegment data = offset == 0 ? buffer : buffer.asSlice(offset, length);
            long rc = Libc.sendto(callState, s.fd, data, length, Libc.MSG_DONTWAIT, rawName, nameLength);
            if (rc < 0) {
                return ForwardDrop.SOCKET_SEND_FAILED;
            }
            counters.transmitted(length);
            return 0;
        }

        private UdpSocket socketFor(Transport to) {
            return byPortAndFamily[slot(to.localPort(), to.remote().ipVersion())];
        }

        private void setNameLength(UdpSocket s, int i, int length) {
            s.sendMsgs.set(ValueLayout.JAVA_INT, (long) i * MMSG_SIZE + SocketStructs.MSGHDR_NAMELEN, length);
        }
    }

    /** A sockaddr_in/in6 for {@code dst} at {@code at} in {@code names}. */
    private static void writeName(MemorySegment names, long at, Endpoint dst) {
        if (dst.ipVersion() == 4) {
            names.set(ValueLayout.JAVA_SHORT, at, (short) Libc.AF_INET);
            names.set(NET_SHORT, at + 2, (short) dst.port());
            names.set(NET_INT, at + 4, dst.v4());
            names.set(ValueLayout.JAVA_LONG_UNALIGNED, at + 8, 0L);
        } else {
            names.set(ValueLayout.JAVA_SHORT, at, (short) Libc.AF_INET6);
            names.set(NET_SHORT, at + 2, (short) dst.port());
            names.set(ValueLayout.JAVA_INT_UNALIGNED, at + 4, 0);
            names.set(NET_LONG, at + 8, dst.v6Hi());
            names.set(NET_LONG, at + 16, dst.v6Lo());
            names.set(ValueLayout.JAVA_INT_UNALIGNED, at + 24, 0);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSockets();
        Libc.close(epollFd);
        callState.close();
        arena.close();
    }
}
