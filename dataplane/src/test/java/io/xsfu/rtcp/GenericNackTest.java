package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.hex;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenericNackTest {
    /**
     * RFC 4585 §6.2.1 by hand: FMT 1, PT 205, length 4 (20 bytes), sender 0x11111111, media 0x22222222;
     * entry 1: PID 1000, BLP 0x8005 (bits 0, 2, 15: 1001, 1003, 1016); entry 2: PID 2000, BLP 0.
     */
    static final String RFC_NACK = "81cd0004 11111111 22222222 03e88005 07d00000";

    private final GenericNack nack = new GenericNack();

    @Test
    void expandsTheCapturedNacks() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES_PLI_NACK);
        nack.wrap(s, 60, 16);
        assertEquals(0xa17a0f6f, nack.senderSsrc());
        assertEquals(0x11223344, nack.mediaSsrc());
        assertEquals(Feedback.FMT_NACK, nack.fmt());
        assertEquals(1, nack.entryCount());
        assertEquals(14778, nack.pid(0));
        assertEquals(0x000b, nack.blp(0));
        assertEquals(List.of(14778, 14779, 14780, 14782), lost(nack));
        assertEquals(4, nack.lostCount());

        s = segment(CapturedRtcp.RR_SDES_FIR_NACK);
        assertEquals(List.of(26660, 26661, 26663), lost(nack.wrap(s, 68, 16)));
    }

    @Test
    void expandsTheRfcLayout() {
        MemorySegment s = segment(RFC_NACK);
        assertEquals(DropReason.OK, GenericNack.validate(s, 0, 20));
        nack.wrap(s, 0, 20);
        assertEquals(2, nack.entryCount());
        assertEquals(List.of(1000, 1001, 1003, 1016, 2000), lost(nack));
        assertEquals(5, nack.lostCount());
    }

    @Test
    void expansionWrapsAroundSixteenBits() {
        MemorySegment s = segment("81cd0003 00000001 00000002 fffeffff");
        List<Integer> expected = new ArrayList<>(List.of(65534, 65535));
        for (int i = 0; i < 15; i++) {
            expected.add(i);
        }
        assertEquals(expected, lost(nack.wrap(s, 0, 16)));
    }

    @Test
    void writerReproducesTheCapturedNackAndTheRfcLayout() {
        assertEquals("81cd0003a17a0f6f1122334439ba000b", write(0xa17a0f6f, 0x11223344, 14778, 14779, 14780, 14782));
        assertEquals(hex(RFC_NACK), write(0x11111111, 0x22222222, 1000, 1001, 1003, 1016, 2000));
    }

    @Test
    void packsAcrossTheWrapAround() {
        // 65534 is the PID; 65535, 0, 1 are 1..3 after it; 15 is 17 after it and starts a new entry.
        assertEquals(hex("81cd0004 00000001 00000002 fffe0007 000f0001"), write(1, 2, 65534, 65535, 0, 1, 15, 16));
        // The sixteenth after the PID is the last bit of its mask; the seventeenth needs another entry.
        assertEquals(hex("81cd0003 00000001 00000002 fff8ffff"), write(1, 2, seqs(65528, 17)));
        assertEquals(hex("81cd0004 00000001 00000002 fff8ffff 00090000"), write(1, 2, seqs(65528, 18)));
    }

    @Test
    void duplicatesAndDisorderStillCoverEverySequence() {
        assertEquals(hex("81cd0003 00000001 00000002 00070001"), write(1, 2, 7, 7, 8, 8));
        // Unsorted: every number still named, just less compactly.
        assertEquals(hex("81cd0004 00000001 00000002 000a0000 00050020"), write(1, 2, 10, 5, 11));
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        int n = new RtcpWriter().wrap(s, 0, 64).nack(1, 2, new int[] {10, 5, 11}, 0, 3);
        assertEquals(List.of(10, 5, 11), lost(nack.wrap(s, 0, n)));
    }

    @Test
    void writerUsesTheGivenRangeOnly() {
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        RtcpWriter w = new RtcpWriter().wrap(s, 0, 64);
        assertEquals(16, w.nack(1, 2, new int[] {99, 500, 501, 99}, 1, 2));
        assertEquals(List.of(500, 501), lost(nack.wrap(s, 0, 16)));
        assertEquals(RtcpWriter.INVALID, w.nack(1, 2, new int[] {1}, 0, 0));
        assertEquals(RtcpWriter.INVALID, w.nack(1, 2, new int[] {1}, 1, 1));
        assertEquals(RtcpWriter.INVALID, w.nack(1, 2, new int[] {1}, -1, 1));
    }

    @Test
    void validateWantsWholeEntries() {
        assertEquals(RtcpDrop.NACK_BAD_LENGTH, GenericNack.validate(segment(RFC_NACK), 0, 12));
        assertEquals(RtcpDrop.NACK_BAD_LENGTH, GenericNack.validate(segment(RFC_NACK), 0, 18));
        assertEquals(DropReason.OK, GenericNack.validate(segment(RFC_NACK), 0, 16));
    }

    private static int[] seqs(int first, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (first + i) & 0xFFFF;
        }
        return s;
    }

    private static String write(int sender, int media, int... lost) {
        MemorySegment out = MemorySegment.ofArray(new byte[256]);
        int n = new RtcpWriter().wrap(out, 0, 256).nack(sender, media, lost, 0, lost.length);
        return hex(out, 0, n);
    }

    static List<Integer> lost(GenericNack nack) {
        List<Integer> lost = new ArrayList<>();
        nack.forEachLost(lost::add);
        return lost;
    }
}
