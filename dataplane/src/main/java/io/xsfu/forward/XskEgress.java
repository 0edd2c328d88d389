package io.xsfu.forward;

import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.Checksum;
import io.xsfu.packet.EthernetHeader;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.UdpFrameWriter;
import io.xsfu.route.Endpoint;
import io.xsfu.route.Transport;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.xsk.FrameAllocator;
import io.xsfu.xsk.ProducerRing;
import io.xsfu.xsk.XskSocket;
import java.lang.foreign.MemorySegment;

/**
 * Writes each copy as a whole frame into a free UMEM frame of the socket the packet arrived on: Ethernet
 * (next-hop MAC from the kernel's neighbour table, our MAC), IPv4/IPv6 from the SFU's media address, UDP
 * from the subscriber's SFU port, then the RTP packet with the consumer's header. The checksum sum of
 * the part after the RTP header is computed once per received packet (at its first clear copy); per copy
 * only the rewritten RTP header is summed. A copy to a WebRTC subscriber is encrypted in its own frame
 * with that subscriber's SRTP keys, then summed whole.
 */
final class XskEgress implements Egress {
    static final int TTL = 64;
    private static final int TX_BATCH = 64;

    private final XskSocket socket;
    private final MemorySegment umem;
    private final FrameAllocator frames;
    private final ProducerRing tx;
    private final SourceAddresses source;
    private final DataplaneCounters counters;
    private final int maxFrameLength;
    private int bodySum;
    private boolean bodySummed;
    private int txBase;
    private int txReserved;
    private int txUsed;
    private int queuedSinceKick;

    XskEgress(XskSocket socket, SourceAddresses source, int mtu, DataplaneCounters counters) {
        this.counters = counters;
        this.socket = socket;
        this.umem = socket.umem();
        this.frames = socket.frames();
        this.tx = socket.tx();
        this.source = source;
        // The IP packet must fit the link's MTU and the whole frame one UMEM frame.
        this.maxFrameLength = Math.min(frames.frameSize(), mtu + EthernetHeader.HEADER_LENGTH);
    }

    @Override
    public boolean needsNextHopMac() {
        return true;
    }

    @Override
    public void begin(ParsedPacket in) {
        bodySummed = false;
    }

    @Override
    public int sendRtp(ParsedPacket in, Transport to, RtpRewrite rewrite) {
        int length = in.payloadLength();
        Endpoint dst = to.remote();
        SrtpSession srtp = to.outboundSrtp();
        int overhead = srtp == null ? 0 : srtp.profile().rtpOverhead();
        long frame = reserveFrame(dst, length + rewrite.grown + overhead);
        if (frame < 0) {
            return (int) -frame;
        }
        int headers = UdpFrameWriter.headerLength(dst.ipVersion(), false);
        long rtp = frame + headers;
        if (rewrite.insertTwcc) {
            length = RtpPatch.copyInsertingTwcc(in.segment(), in.payloadOffset(), in.rtpHeaderLength(), length, umem,
                    rtp, rewrite.twccId);
        } else {
            MemorySegment.copy(in.segment(), in.payloadOffset(), umem, rtp, length);
        }
        RtpPatch.apply(umem, rtp, rewrite);
        int sum;
        if (srtp != null) {
            // Each subscriber has its own keys: the copy is encrypted in its frame and summed whole.
            int n = srtp.protectRtp(umem, rtp, length, maxFrameLength - headers);
            if (n < 0) {
                frames.free(frame);
                return -n;
            }
            length = n;
            sum = Checksum.sum(umem, rtp, length);
        } else if (rewrite.patchEnd > in.rtpHeaderLength()) {
            // Its payload descriptor was rewritten (simulcast): the body differs from the received one.
            sum = Checksum.sum(umem, rtp, length);
        } else {
            // The RTP header (a multiple of 4 bytes) is summed per copy, the rest once per received packet.
            int rtpHeader = in.rtpHeaderLength();
            if (!bodySummed) {
                bodySum = Checksum.sum(in.segment(), in.payloadOffset() + rtpHeader, in.payloadLength() - rtpHeader);
                bodySummed = true;
            }
            // An added element grows the header by whole words: the body's sum still holds.
            sum = Checksum.add(Checksum.sum(umem, rtp, rtpHeader + rewrite.grown), bodySum);
        }
        writeHeaders(frame, to.localPort(), dst, length, sum);
        return commit(frame, headers + length);
    }

    @Override
    public int sendRaw(MemorySegment buffer, long offset, int length, Transport via, Endpoint to) {
        if (to.nextHopMac() == Endpoint.MAC_UNRESOLVED) {
            return ForwardDrop.NEXT_HOP_UNRESOLVED;
        }
        long frame = reserveFrame(to, length);
        if (frame < 0) {
            return (int) -frame;
        }
        int headers = UdpFrameWriter.headerLength(to.ipVersion(), false);
        MemorySegment.copy(buffer, offset, umem, frame + headers, length);
        writeHeaders(frame, via.localPort(), to, length, Checksum.sum(buffer, offset, length));
        return commit(frame, headers + length);
    }

    /** A TX slot and a frame for a copy of {@code length} payload bytes, or minus a drop reason. */
    private long reserveFrame(Endpoint to, int length) {
        int family = to.ipVersion();
        if (!source.has(family)) {
            return -ForwardDrop.NO_SOURCE_ADDRESS;
        }
        if (UdpFrameWriter.headerLength(family, false) + length > maxFrameLength) {
            return -ForwardDrop.TX_TOO_BIG;
        }
        if (txUsed == txReserved) {
            flush();
            txReserved = tx.reserve(TX_BATCH);
            txBase = tx.reservedIndex();
            if (txReserved == 0) {
                return -ForwardDrop.TX_RING_FULL;
            }
        }
        long frame = frames.allocate();
        return frame < 0 ? -ForwardDrop.TX_NO_FRAME : frame;
    }

    private void writeHeaders(long frame, int localPort, Endpoint dst, int payloadLength, int payloadSum) {
        if (dst.ipVersion() == 4) {
            UdpFrameWriter.writeIpv4(umem, frame, dst.nextHopMac(), source.mac(), -1, source.v4(), dst.v4(), TTL,
                    localPort, dst.port(), payloadLength, payloadSum);
        } else {
            UdpFrameWriter.writeIpv6(umem, frame, dst.nextHopMac(), source.mac(), -1, source.v6Hi(), source.v6Lo(),
                    dst.v6Hi(), dst.v6Lo(), TTL, localPort, dst.port(), payloadLength, payloadSum);
        }
    }

    private int commit(long frame, int frameLength) {
        tx.setDescriptor(txBase + txUsed, frame, frameLength);
        frames.transmitted(frame);
        txUsed++;
        // Counted when handed to the kernel; a frame the kernel then rejects shows in tx_invalid_descs.
        counters.transmitted(frameLength);
        return 0;
    }

    /** Publishes the copies written so far to the kernel; returns how many. */
    int flush() {
        int n = txUsed;
        if (n > 0) {
            tx.submit(n);
            queuedSinceKick += n;
        }
        txUsed = 0;
        txReserved = 0;
        return n;
    }

    /** Copies handed to the kernel since the last kick. */
    int queuedSinceKick() {
        return queuedSinceKick;
    }

    void kicked() {
        queuedSinceKick = 0;
    }

    XskSocket socket() {
        return socket;
    }
}
