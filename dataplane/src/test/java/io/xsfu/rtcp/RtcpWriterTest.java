package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {
    private final RtcpWriter w = new RtcpWriter();
    private final RtcpCompound compound = new RtcpCompound();

    @Test
    void rebuildsCapturedCompoundsByteForByte() {
        MemorySegment out = MemorySegment.ofArray(new byte[128]);
        w.wrap(out, 0, 128);
        w.receiverReport(0xe124a096);
        w.sdesCname(0xe124a096, ascii("user3999471458@host-4ecebfa6"));
        assertEquals(60, w.pli(0xe124a096, 0x11223344));
        assertEquals(hex(CapturedRtcp.RR_SDES_PLI), hex(out, 0, 60));

        w.wrap(out, 0, 128);
        w.receiverReport(0xa17a0f6f);
        w.sdesCname(0xa17a0f6f, ascii("user176696295@host-e996c6a7"));
        w.pli(0xa17a0f6f, 0x11223344);
        assertEquals(76, w.nack(0xa17a0f6f, 0x11223344, new int[] {14778, 14779, 14780, 14782}, 0, 4));
        assertEquals(hex(CapturedRtcp.RR_SDES_PLI_NACK), hex(out, 0, 76));

        w.wrap(out, 0, 128);
        w.receiverReport(0x45284e85);
        w.sdesCname(0x45284e85, ascii("user3441953170@host-4383c3aa"));
        w.fir(0x45284e85, new int[] {0x11223344}, new int[] {5}, 1);
        assertEquals(84, w.nack(0x45284e85, 0x11223344, new int[] {26660, 26661, 26663}, 0, 3));
        assertEquals(hex(CapturedRtcp.RR_SDES_FIR_NACK), hex(out, 0, 84));
    }

    @Test
    void buildsACompoundOfEveryKindThatTheReaderAccepts() {
        MemorySegment out = MemorySegment.ofArray(new byte[1500]);
        w.wrap(out, 0, 1500);
        w.senderReport(1, 0x0102030405060708L, 3, 4, 5);
        w.reportBlock(2, 3, 4, 5, 6, 7, 8);
        w.receiverReport(1);
        w.reportBlock(9, 0, 0, 0, 0, 0, 0);
        w.reportBlock(10, 0, 0, 0, 0, 0, 0);
        w.sdesCname(1, ascii("xsfu"));
        w.nack(1, 2, new int[] {1, 2, 3, 40}, 0, 4);
        w.pli(1, 2);
        w.fir(1, new int[] {2}, new int[] {1}, 1);
        w.remb(1, 2_500_000, new int[] {2, 3}, 2);
        w.twcc(1, 2, 500, 7, new int[] {500, 501, 503}, new long[] {0, 1000, 150_000}, 3);
        int length = w.bye(new int[] {1}, 1, null);
        assertEquals(w.length(), length);

        assertEquals(DropReason.OK, compound.wrap(out, 0, length));
        List<Integer> kinds = new ArrayList<>();
        int sum = 0;
        while (compound.next()) {
            kinds.add(compound.kind());
            sum += compound.packetLength();
        }
        assertEquals(List.of(RtcpKind.SR, RtcpKind.RR, RtcpKind.SDES, RtcpKind.NACK, RtcpKind.PLI, RtcpKind.FIR,
                RtcpKind.REMB, RtcpKind.TWCC, RtcpKind.BYE), kinds);
        assertEquals(length, sum);
        compound.rewind();
        compound.next();
        assertEquals(1, new SenderReport().wrap(out, 0, compound.contentLength()).reportCount());
        compound.next();
        ReceiverReport rr = new ReceiverReport().wrap(out, compound.packetOffset(), compound.contentLength());
        assertEquals(2, rr.reportCount());
        assertEquals(10, rr.reportBlock(1, new ReportBlock()).ssrc());
        assertEquals(8 + 2 * 24, compound.packetLength());
    }

    @Test
    void reportBlocksOnlyFollowAReportAndAtMostThirtyOne() {
        MemorySegment out = MemorySegment.ofArray(new byte[2048]);
        w.wrap(out, 0, 2048);
        assertEquals(RtcpWriter.INVALID, w.reportBlock(1, 0, 0, 0, 0, 0, 0));
        w.receiverReport(1);
        for (int i = 0; i < 31; i++) {
            assertEquals(8 + 24 * (i + 1), w.reportBlock(i, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(RtcpWriter.INVALID, w.reportBlock(31, 0, 0, 0, 0, 0, 0));
        // The 32nd source goes into another RR of the same compound.
        w.receiverReport(1);
        int length = w.reportBlock(31, 0, 0, 0, 0, 0, 0);
        w.pli(1, 2);
        assertEquals(RtcpWriter.INVALID, w.reportBlock(32, 0, 0, 0, 0, 0, 0));
        assertEquals(DropReason.OK, compound.wrap(out, 0, w.length()));
        assertEquals(3, compound.packetCount());
        assertEquals(8 + 31 * 24 + 8 + 24, length);
    }

    @Test
    void anAppendThatDoesNotFitChangesNothing() {
        byte[] buffer = new byte[200];
        Arrays.fill(buffer, (byte) 0x5A);
        MemorySegment out = MemorySegment.ofArray(buffer);
        w.wrap(out, 10, 40);
        w.receiverReport(1);
        w.sdesCname(1, ascii("abc"));
        String before = hex(out, 0, 200);
        int length = w.length();
        assertEquals(24, length);
        int[] many = new int[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = i * 20;
        }
        assertEquals(RtcpWriter.NO_SPACE, w.nack(1, 2, many, 0, many.length));
        assertEquals(RtcpWriter.NO_SPACE, w.remb(1, 1, many, 10));
        assertEquals(RtcpWriter.NO_SPACE, w.fir(1, many, many, 5));
        assertEquals(RtcpWriter.NO_SPACE, w.bye(many, 10, null));
        assertEquals(RtcpWriter.NO_SPACE, w.senderReport(1, 2, 3, 4, 5));
        assertEquals(RtcpWriter.NO_SPACE, w.sdesCname(1, ascii("a".repeat(40))));
        assertEquals(length, w.length());
        assertEquals(before.substring(0, 2 * (10 + length)), hex(out, 0, 10 + length));
        // TWCC is encoded in place to learn its size, but never past the capacity.
        long[] at = new long[100];
        for (int i = 0; i < at.length; i++) {
            at[i] = 100_000L * i;
        }
        assertEquals(RtcpWriter.NO_SPACE, w.twcc(1, 2, 0, 0, many, at, 100));
        assertEquals(length, w.length());
        assertEquals(before.substring(2 * 50), hex(out, 50, 150));
        assertEquals(before.substring(0, 2 * (10 + length)), hex(out, 0, 10 + length));
        // What is there is still a valid compound, and what fits still goes in.
        assertEquals(DropReason.OK, compound.wrap(out, 10, length));
        assertEquals(36, w.pli(1, 2));
    }

    @Test
    void padsTheLastPacketAndThenTakesNothingMore() {
        MemorySegment out = MemorySegment.ofArray(new byte[64]);
        w.wrap(out, 0, 64);
        assertEquals(RtcpWriter.INVALID, w.pad(4));
        w.receiverReport(1);
        w.pli(1, 2);
        assertEquals(RtcpWriter.INVALID, w.pad(3));
        assertEquals(RtcpWriter.INVALID, w.pad(0));
        assertEquals(RtcpWriter.INVALID, w.pad(256));
        assertEquals(28, w.pad(8));
        assertEquals(hex("80c90001 00000001 a1ce0004 00000001 00000002 00000000 00000008"), hex(out, 0, 28));
        assertEquals(RtcpWriter.INVALID, w.pad(4));
        assertEquals(RtcpWriter.INVALID, w.pli(1, 2));
        assertEquals(RtcpWriter.INVALID, w.twcc(1, 2, 0, 0, new int[] {0}, new long[] {0}, 1));
        assertEquals(DropReason.OK, compound.wrap(out, 0, 28));
        compound.next();
        compound.next();
        assertEquals(RtcpKind.PLI, compound.kind());
        assertEquals(8, compound.paddingLength());
        assertEquals(12, compound.contentLength());
        // Padding a report closes it to further blocks.
        w.wrap(out, 0, 64);
        w.receiverReport(1);
        w.pad(4);
        assertEquals(RtcpWriter.INVALID, w.reportBlock(1, 0, 0, 0, 0, 0, 0));
        w.wrap(out, 0, 12);
        w.receiverReport(1);
        assertEquals(RtcpWriter.NO_SPACE, w.pad(8));
        assertEquals(12, w.pad(4));
    }

    @Test
    void wrapRefusesARangeOutsideTheSegment() {
        MemorySegment out = MemorySegment.ofArray(new byte[64]);
        assertThrows(IndexOutOfBoundsException.class, () -> w.wrap(out, 1, 64));
        assertThrows(IndexOutOfBoundsException.class, () -> w.wrap(out, -1, 8));
        assertTrue(w.wrap(out, 64, 0).pli(1, 2) == RtcpWriter.NO_SPACE);
    }

    private static MemorySegment ascii(String s) {
        return MemorySegment.ofArray(s.getBytes(StandardCharsets.US_ASCII));
    }
}
