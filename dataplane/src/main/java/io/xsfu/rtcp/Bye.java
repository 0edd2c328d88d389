package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over a goodbye packet, PT 203 (RFC 3550 §6.6): {@link #sourceCount()} SSRC/CSRCs leaving,
 * optionally followed by a reason (length octet, UTF-8 text, null octets to the next 32-bit boundary).
 */
public final class Bye extends HeaderFlyweight {
    public static final int SSRCS_OFFSET = 4;
    public static final int MAX_REASON_LENGTH = 255;

    public Bye wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int sourceCount() {
        return CommonHeader.count(segment, offset);
    }

    public int ssrc(int index) {
        return Wire.i32(segment, offset + SSRCS_OFFSET + 4L * index);
    }

    public Bye ssrc(int index, int ssrc) {
        Wire.putI32(segment, offset + SSRCS_OFFSET + 4L * index, ssrc);
        return this;
    }

    /** Whether anything follows the source list; its first octet is then the reason's length. */
    public boolean hasReason() {
        return length > reasonLengthOffset() - offset;
    }

    public long reasonOffset() {
        return reasonLengthOffset() + 1;
    }

    /** The reason's length in bytes; 0 without a reason. */
    public int reasonLength() {
        return hasReason() ? Wire.u8(segment, reasonLengthOffset()) : 0;
    }

    /** The reason text; allocates, so for the control path. */
    public String reason() {
        if (!hasReason()) {
            return "";
        }
        byte[] text = new byte[reasonLength()];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, reasonOffset(), text, 0, text.length);
        return new String(text, StandardCharsets.UTF_8);
    }

    private long reasonLengthOffset() {
        return offset + SSRCS_OFFSET + 4L * sourceCount();
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#BYE_MALFORMED}: the sources and the reason fit the packet. */
    public static int validate(MemorySegment s, long offset, int length) {
        int reasonAt = SSRCS_OFFSET + 4 * CommonHeader.count(s, offset);
        if (reasonAt > length) {
            return RtcpDrop.BYE_MALFORMED;
        }
        if (reasonAt < length && reasonAt + 1 + Wire.u8(s, offset + reasonAt) > length) {
            return RtcpDrop.BYE_MALFORMED;
        }
        return DropReason.OK;
    }

    /** The size of a BYE for {@code sources} SSRCs and a reason of {@code reasonLength} bytes (-1: none). */
    static int packetLength(int sources, int reasonLength) {
        int bytes = SSRCS_OFFSET + 4 * sources;
        return reasonLength < 0 ? bytes : (bytes + 1 + reasonLength + 3) & ~3;
    }

    static void write(MemorySegment s, long packet, int[] ssrcs, int count, MemorySegment reason) {
        int reasonLength = reason == null ? -1 : (int) reason.byteSize();
        int bytes = packetLength(count, reasonLength);
        CommonHeader.write(s, packet, count, RtcpHeader.PT_BYE, bytes);
        for (int i = 0; i < count; i++) {
            Wire.putI32(s, packet + SSRCS_OFFSET + 4L * i, ssrcs[i]);
        }
        if (reason != null) {
            long at = packet + SSRCS_OFFSET + 4L * count;
            Wire.putU8(s, at, reasonLength);
            MemorySegment.copy(reason, 0, s, at + 1, reasonLength);
            for (long p = at + 1 + reasonLength; p < packet + bytes; p++) {
                Wire.putU8(s, p, 0);
            }
        }
    }
}
