package io.xsfu.srtp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * One direction of one transport's SRTP and SRTCP (RFC 3711, RFC 7714): either everything received
 * (unprotect) or everything sent (protect), under one master key and salt. Packets are protected and
 * unprotected in place in the segment that holds them, a UMEM frame or a socket buffer, native or heap.
 *
 * <p>Per SSRC it keeps an {@link SrtpStream}: the rollover counter, guessed from sequence numbers exactly as
 * libsrtp guesses it; inbound, a 64-packet replay window for SRTP and one for SRTCP; outbound, the next
 * SRTCP index. A stream is created by the first packet of its SSRC that is protected or that authenticates,
 * at most {@code maxStreams} of them (an unknown SSRC beyond is {@link SrtpDrop#TOO_MANY_STREAMS}).
 *
 * <p>Sending: AES-CM sessions protect a packet again under an index they already used (a retransmission of
 * the same packet, as libsrtp's {@code allow_repeat_tx}): the same keystream over the same payload reveals
 * nothing. GCM sessions refuse it ({@link SrtpDrop#INDEX_REUSED}) and anything behind their 64-packet window
 * ({@link SrtpDrop#TOO_OLD}): two tags under one IV give away the authentication key whenever the headers
 * differ, and a retransmitted copy's header extensions (transport-wide sequence number, send time) do.
 *
 * <p>Every method returns a length (≥ 0) or a negated {@link SrtpDrop} reason, never throws on packet
 * content, and, for the AES-CM profiles, allocates nothing (see {@link GcmTransform} for GCM). Not
 * thread-safe: the forwarding agent that owns the transport calls it.
 */
public final class SrtpSession {
    /** The longest packet accepted, protected or not: a UMEM frame is at most 4096 bytes. */
    public static final int MAX_PACKET_LENGTH = 4096;
    public static final int DEFAULT_MAX_STREAMS = 64;

    private static final int RTP_MIN_HEADER = 12;
    private static final int RTP_SEQUENCE = 2;
    private static final int RTP_SSRC = 8;
    private static final int RTCP_HEADER = 8;
    private static final int RTCP_SSRC = 4;
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;

    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final StreamTable streams;
    private final int rtpTagLength;
    private final int rtcpOverhead;
    private final boolean refuseIndexReuse;

    /** A session with up to {@link #DEFAULT_MAX_STREAMS} SSRCs; the key and salt are not retained. */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, masterKey, masterSalt, DEFAULT_MAX_STREAMS);
    }

    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxStreams) {
        this(profile, SessionKeys.derive(profile, masterKey, masterSalt), maxStreams);
    }

    SrtpSession(SrtpProfile profile, SessionKeys keys, int maxStreams) {
        this.profile = profile;
        this.transform = profile.aead() ? new GcmTransform(keys) : new AesCmTransform(profile, keys);
        this.streams = new StreamTable(maxStreams);
        this.rtpTagLength = profile.rtpTagLength();
        this.rtcpOverhead = profile.rtcpOverhead();
        this.refuseIndexReuse = profile.aead();
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Verifies and decrypts the SRTP packet at {@code [offset, offset + length)} in place; returns the RTP
     * packet's length (the tag is cut off) or {@code -reason}. Nothing changes (packet or state) unless the
     * packet authenticates and passes the replay check.
     */
    public int unprotectRtp(MemorySegment s, long offset, int length) {
        if (outOfBounds(s, offset, length)) {
            return -DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < RTP_MIN_HEADER + rtpTagLength) {
            return -SrtpDrop.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH) {
            return -SrtpDrop.TOO_LONG;
        }
        int headerLength = rtpHeaderLength(s, offset, length - rtpTagLength);
        if (headerLength < 0) {
            return headerLength;
        }
        int ssrc = Wire.i32(s, offset + RTP_SSRC);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null && streams.full()) {
            return -SrtpDrop.TOO_MANY_STREAMS;
        }
        // A new SSRC is judged against an empty window (highest index 0) and gets a stream once it authenticates.
        long highest = stream == null ? 0 : stream.rtp.highest();
        long index = RtpIndex.estimate(highest, Wire.u16(s, offset + RTP_SEQUENCE));
        if (stream != null) {
            int replay = stream.rtp.check(index);
            if (replay != 0) {
                return -replay;
            }
        }
        int n = transform.unprotectRtp(s, offset, length, headerLength, ssrc, index);
        if (n >= 0) {
            if (stream == null) {
                stream = streams.put(ssrc);
            }
            stream.rtp.accept(index);
        }
        return n;
    }

    /**
     * Encrypts the RTP packet at {@code [offset, offset + length)} in place and appends the tag, within
     * {@code capacity} bytes from {@code offset}; returns the SRTP length or {@code -reason}.
     */
    public int protectRtp(MemorySegment s, long offset, int length, int capacity) {
        if (outOfBounds(s, offset, capacity) || length < 0 || length > capacity) {
            return -DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < RTP_MIN_HEADER) {
            return -SrtpDrop.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH) {
            return -SrtpDrop.TOO_LONG;
        }
        if (capacity - length < rtpTagLength) {
            return -SrtpDrop.NO_ROOM;
        }
        int headerLength = rtpHeaderLength(s, offset, length);
        if (headerLength < 0) {
            return headerLength;
        }
        int ssrc = Wire.i32(s, offset + RTP_SSRC);
        SrtpStream stream = sendingStream(ssrc);
        if (stream == null) {
            return -SrtpDrop.TOO_MANY_STREAMS;
        }
        long index = RtpIndex.estimate(stream.rtp.highest(), Wire.u16(s, offset + RTP_SEQUENCE));
        if (refuseIndexReuse) {
            int reuse = stream.rtp.check(index);
            if (reuse != 0) {
                return -(reuse == SrtpDrop.REPLAYED ? SrtpDrop.INDEX_REUSED : reuse);
            }
        }
        stream.rtp.accept(index);
        return transform.protectRtp(s, offset, length, headerLength, ssrc, index);
    }

    /**
     * Verifies and (when its E flag says so) decrypts the SRTCP packet at {@code [offset, offset + length)} in
     * place; returns the RTCP compound's length (trailer and tag cut off) or {@code -reason}.
     */
    public int unprotectRtcp(MemorySegment s, long offset, int length) {
        if (outOfBounds(s, offset, length)) {
            return -DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < RTCP_HEADER + rtcpOverhead) {
            return -SrtpDrop.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH) {
            return -SrtpDrop.TOO_LONG;
        }
        if ((Wire.u8(s, offset) & VERSION_MASK) != VERSION_2) {
            return -SrtpDrop.BAD_HEADER;
        }
        int ssrc = Wire.i32(s, offset + RTCP_SSRC);
        SrtpStream stream = streams.get(ssrc);
        if (stream == null && streams.full()) {
            return -SrtpDrop.TOO_MANY_STREAMS;
        }
        int trailer = Wire.i32(s, offset + transform.srtcpTrailerOffset(length));
        int index = trailer & Integer.MAX_VALUE;
        if (stream != null) {
            int replay = stream.rtcp.check(index);
            if (replay != 0) {
                return -replay;
            }
        }
        int n = transform.unprotectRtcp(s, offset, length, ssrc, trailer);
        if (n >= 0) {
            if (stream == null) {
                stream = streams.put(ssrc);
            }
            stream.rtcp.accept(index);
        }
        return n;
    }

    /**
     * Encrypts the RTCP compound at {@code [offset, offset + length)} in place under the SSRC's next SRTCP
     * index and appends the E flag and index word and the tag, within {@code capacity} bytes from
     * {@code offset}; returns the SRTCP length or {@code -reason}.
     */
    public int protectRtcp(MemorySegment s, long offset, int length, int capacity) {
        if (outOfBounds(s, offset, capacity) || length < 0 || length > capacity) {
            return -DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < RTCP_HEADER) {
            return -SrtpDrop.TOO_SHORT;
        }
        if (length > MAX_PACKET_LENGTH) {
            return -SrtpDrop.TOO_LONG;
        }
        if (capacity - length < rtcpOverhead) {
            return -SrtpDrop.NO_ROOM;
        }
        if ((Wire.u8(s, offset) & VERSION_MASK) != VERSION_2) {
            return -SrtpDrop.BAD_HEADER;
        }
        int ssrc = Wire.i32(s, offset + RTCP_SSRC);
        SrtpStream stream = sendingStream(ssrc);
        if (stream == null) {
            return -SrtpDrop.TOO_MANY_STREAMS;
        }
        long index = stream.nextSrtcpIndex;
        if (index > SrtpStream.MAX_SRTCP_INDEX) {
            return -SrtpDrop.SRTCP_INDEX_EXHAUSTED;
        }
        stream.nextSrtcpIndex = index + 1;
        return transform.protectRtcp(s, offset, length, ssrc, (int) index);
    }

    /** The stream of an SSRC, or null; control path (statistics, tests). */
    public SrtpStream stream(int ssrc) {
        return streams.get(ssrc);
    }

    public int streamCount() {
        return streams.size();
    }

    /** Forgets an SSRC (a producer or consumer that went away), freeing its slot; false if unknown. */
    public boolean removeStream(int ssrc) {
        return streams.remove(ssrc);
    }

    private SrtpStream sendingStream(int ssrc) {
        SrtpStream stream = streams.get(ssrc);
        return stream != null ? stream : streams.put(ssrc);
    }

    /**
     * The length of the RTP header (fixed part, CSRCs, extension) if it is version 2 and fits in
     * {@code limit} bytes, else {@code -BAD_HEADER}. The padding count is encrypted, so it is not checked here.
     */
    private static int rtpHeaderLength(MemorySegment s, long offset, int limit) {
        int first = Wire.u8(s, offset);
        if ((first & VERSION_MASK) != VERSION_2) {
            return -SrtpDrop.BAD_HEADER;
        }
        int n = RTP_MIN_HEADER + (first & 0x0F) * 4;
        if ((first & 0x10) != 0) {
            if (n + 4 > limit) {
                return -SrtpDrop.BAD_HEADER;
            }
            n += 4 + Wire.u16(s, offset + n + 2) * 4;
        }
        return n <= limit ? n : -SrtpDrop.BAD_HEADER;
    }

    private static boolean outOfBounds(MemorySegment s, long offset, int length) {
        return offset < 0 || length < 0 || offset > s.byteSize() - length;
    }
}
