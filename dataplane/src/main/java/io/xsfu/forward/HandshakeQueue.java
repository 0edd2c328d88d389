package io.xsfu.forward;

import io.xsfu.packet.IpAddresses;
import io.xsfu.packet.ParsedPacket;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * STUN and DTLS datagrams of WebRTC transports, from the forwarding agent to the control side (the WebRTC
 * conductor runs ICE-lite and DTLS): one copy into a one-to-one ring, no allocation on the agent's side, no
 * lock. Each record: SFU port, source address and port, payload. A full ring is the caller's counted drop.
 */
public final class HandshakeQueue {
    private static final int MSG_TYPE = 1;
    private static final int OFF_LOCAL_PORT = 0;
    private static final int OFF_IP_VERSION = 4;
    private static final int OFF_V4 = 8;
    private static final int OFF_HI = 12;
    private static final int OFF_LO = 20;
    private static final int OFF_SRC_PORT = 28;
    private static final int HEADER = 32;

    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer source = new UnsafeBuffer(0, 0);

    /** What the conductor receives, on its own thread (allocation is fine there). */
    @FunctionalInterface
    public interface Handler {
        void onDatagram(int localPort, InetSocketAddress from, byte[] data);
    }

    public HandshakeQueue(int capacityBytes) {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes
                + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Agent thread: copies the datagram's payload in; false when the ring is full. */
    public boolean offer(ParsedPacket p) {
        int length = p.payloadLength();
        int index = ring.tryClaim(MSG_TYPE, HEADER + length);
        if (index <= 0) {
            return false;
        }
        var buffer = ring.buffer();
        buffer.putInt(index + OFF_LOCAL_PORT, p.dstPort());
        buffer.putInt(index + OFF_IP_VERSION, p.ipVersion());
        buffer.putInt(index + OFF_V4, p.ipv4Src());
        buffer.putLong(index + OFF_HI, p.ipv6SrcHi());
        buffer.putLong(index + OFF_LO, p.ipv6SrcLo());
        buffer.putInt(index + OFF_SRC_PORT, p.srcPort());
        MemorySegment segment = p.segment();
        if (segment.isNative()) {
            source.wrap(segment.address() + p.payloadOffset(), length);
            buffer.putBytes(index + HEADER, source, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                buffer.putByte(index + HEADER + i, segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p.payloadOffset() + i));
            }
        }
        ring.commit(index);
        return true;
    }

    /** Control thread: hands up to {@code limit} datagrams to {@code handler}; returns how many. */
    public int drain(Handler handler, int limit) {
        return ring.read((type, buffer, index, length) -> {
            int localPort = buffer.getInt(index + OFF_LOCAL_PORT);
            int ipVersion = buffer.getInt(index + OFF_IP_VERSION);
            InetAddress address = address(ipVersion, buffer.getInt(index + OFF_V4), buffer.getLong(index + OFF_HI),
                    buffer.getLong(index + OFF_LO));
            byte[] data = new byte[length - HEADER];
            buffer.getBytes(index + HEADER, data);
            handler.onDatagram(localPort, new InetSocketAddress(address, buffer.getInt(index + OFF_SRC_PORT)), data);
        }, limit);
    }

    private static InetAddress address(int ipVersion, int v4, long hi, long lo) {
        return ipVersion == 4 ? IpAddresses.ipv4(v4) : IpAddresses.ipv6(hi, lo);
    }
}
