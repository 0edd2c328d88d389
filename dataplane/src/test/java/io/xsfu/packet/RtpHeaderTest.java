package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    private final RtpHeader rtp = new RtpHeader();

    private RtpHeader wrap(byte[] b) {
        return rtp.wrap(MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void readsEveryFieldOfAFullHeader() {
        byte[] ext = {0x10, 1, 2, 3, 0x20, 9, 8, 0};
        byte[] b = FrameBuilder.rtp(101, true, 0xFFFE, 0x89ABCDEF, 0xCAFEBABE, new int[] {11, 22}, ext, 17, 3);
        wrap(b);
        assertEquals(2, rtp.version());
        assertTrue(rtp.padding());
        assertTrue(rtp.extension());
        assertEquals(2, rtp.csrcCount());
        assertTrue(rtp.marker());
        assertEquals(101, rtp.payloadType());
        assertEquals(0xFFFE, rtp.sequenceNumber());
        assertEquals(0x89ABCDEF, rtp.timestamp());
        assertEquals(0xCAFEBABE, rtp.ssrc());
        assertEquals(11, rtp.csrc(0));
        assertEquals(22, rtp.csrc(1));
        assertEquals(0xBEDE, rtp.extensionProfile());
        assertEquals(8, rtp.extensionLength());
        assertEquals(12 + 8 + 4, rtp.extensionDataOffset());
        assertEquals(12 + 8 + 4 + 8, rtp.headerLength());
        assertEquals(3, rtp.paddingLength());
        assertEquals(32, rtp.payloadOffset());
        assertEquals(17, rtp.payloadLength());
        assertEquals(0, Wire.u8(rtp.segment(), rtp.payloadOffset()));
        assertEquals(16, Wire.u8(rtp.segment(), rtp.payloadOffset() + rtp.payloadLength() - 1));
        assertEquals(DropReason.OK, rtp.validate());
    }

    @Test
    void settersChangeOnlyTheirBits() {
        byte[] b = FrameBuilder.rtp(96, true, 1, 2, 3, new int[0], null, 4, 0);
        wrap(b).payloadType(127).sequenceNumber(0xABCD).timestamp(-1).ssrc(0x01020304);
        assertTrue(rtp.marker());
        assertEquals(127, rtp.payloadType());
        rtp.marker(false);
        assertFalse(rtp.marker());
        assertEquals(127, rtp.payloadType());
        assertEquals(0xABCD, rtp.sequenceNumber());
        assertEquals(-1, rtp.timestamp());
        assertEquals(0x01020304, rtp.ssrc());
        assertEquals("807fabcdffffffff01020304", java.util.HexFormat.of().formatHex(b, 0, 12));
    }

    @Test
    void validateNamesEachDefect() {
        assertEquals(DropReason.RTP_TRUNCATED, wrap(new byte[11]).validate());
        byte[] v1 = FrameBuilder.rtp(96, 1, 1, 1, 4);
        v1[0] = 0x40;
        assertEquals(DropReason.RTP_BAD_VERSION, wrap(v1).validate());

        byte[] cc = FrameBuilder.rtp(96, 1, 1, 1, 4);
        cc[0] = (byte) 0x81; // one CSRC needs 4 bytes, 4 present: fine
        assertEquals(DropReason.OK, wrap(cc).validate());
        cc[0] = (byte) 0x82;
        assertEquals(DropReason.RTP_BAD_HEADER, wrap(cc).validate());

        byte[] x = FrameBuilder.rtp(96, false, 1, 1, 1, new int[0], new byte[4], 0, 0);
        assertEquals(DropReason.OK, wrap(x).validate());
        assertEquals(DropReason.RTP_BAD_HEADER, wrap(Arrays.copyOf(x, x.length - 1)).validate());
        assertEquals(DropReason.RTP_BAD_HEADER, wrap(Arrays.copyOf(x, 15)).validate());

        byte[] p = FrameBuilder.rtp(96, false, 1, 1, 1, new int[0], null, 3, 2);
        assertEquals(DropReason.OK, wrap(p).validate());
        p[p.length - 1] = 0;
        assertEquals(DropReason.RTP_BAD_PADDING, wrap(p).validate());
        assertEquals(DropReason.OK, rtp.validateHeader());
        p[p.length - 1] = 6;
        assertEquals(DropReason.RTP_BAD_PADDING, wrap(p).validate());
        p[p.length - 1] = 5; // all of the payload: a padding-only packet
        assertEquals(DropReason.OK, wrap(p).validate());
        assertEquals(0, rtp.payloadLength());
    }

    @Test
    void capturedPacketsValidate() {
        byte[] f = CapturedFrames.IPV4_RTP_OPUS;
        assertEquals(DropReason.OK, rtp.wrap(MemorySegment.ofArray(f), 42, f.length - 42).validate());
        assertEquals(12, rtp.headerLength());
        assertEquals(0, rtp.paddingLength());
        assertEquals(253, rtp.payloadLength());
    }
}
