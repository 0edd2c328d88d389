package io.xsfu.rtcp;

import static io.xsfu.rtcp.CapturedRtcp.bytes;
import static io.xsfu.rtcp.CapturedRtcp.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.RtcpHeader;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {
    private final RtcpCompound compound = new RtcpCompound();

    @Test
    void walksCapturedCompounds() {
        assertKinds(CapturedRtcp.SR_SDES, RtcpKind.SR, RtcpKind.SDES);
        assertKinds(CapturedRtcp.RR_SDES, RtcpKind.RR, RtcpKind.SDES);
        assertKinds(CapturedRtcp.RR_SDES_PLI, RtcpKind.RR, RtcpKind.SDES, RtcpKind.PLI);
        assertKinds(CapturedRtcp.RR_SDES_PLI_NACK, RtcpKind.RR, RtcpKind.SDES, RtcpKind.PLI, RtcpKind.NACK);
        assertKinds(CapturedRtcp.RR_SDES_FIR_NACK, RtcpKind.RR, RtcpKind.SDES, RtcpKind.FIR, RtcpKind.NACK);
        assertKinds(CapturedRtcp.SR_SDES_BYE, RtcpKind.SR, RtcpKind.SDES, RtcpKind.BYE);
        // GStreamer sends transport-wide feedback alone (reduced size, RFC 5506), without an RR first.
        assertKinds(CapturedRtcp.TWCC_RUN_LENGTH, RtcpKind.TWCC);
        assertKinds(CapturedRtcp.TWCC_PADDED, RtcpKind.TWCC);
    }

    @Test
    void exposesEachPacketsPlace() {
        MemorySegment s = segment(CapturedRtcp.RR_SDES_FIR_NACK);
        assertEquals(DropReason.OK, compound.wrap(s, 0, (int) s.byteSize()));
        assertEquals(4, compound.packetCount());
        assertEquals(0, compound.unknownCount());
        long[] offsets = {0, 8, 48, 68};
        int[] lengths = {8, 40, 20, 16};
        int[] types = {RtcpHeader.PT_RR, RtcpHeader.PT_SDES, RtcpHeader.PT_PSFB, RtcpHeader.PT_RTPFB};
        int[] counts = {0, 1, 4, 1};
        for (int i = 0; i < 4; i++) {
            assertTrue(compound.next());
            assertEquals(offsets[i], compound.packetOffset());
            assertEquals(lengths[i], compound.packetLength());
            assertEquals(lengths[i], compound.contentLength());
            assertEquals(0, compound.paddingLength());
            assertEquals(types[i], compound.packetType());
            assertEquals(counts[i], compound.count());
        }
        assertFalse(compound.next());
        compound.rewind();
        assertTrue(compound.next());
        assertEquals(RtcpKind.RR, compound.kind());
    }

    @Test
    void readsACompoundInsideALargerFrame() {
        byte[] rtcp = bytes(CapturedRtcp.SR_SDES_BYE);
        byte[] frame = new byte[rtcp.length + 100];
        System.arraycopy(rtcp, 0, frame, 42, rtcp.length);
        MemorySegment s = MemorySegment.ofArray(frame);
        assertEquals(DropReason.OK, compound.wrap(s, 42, rtcp.length));
        assertTrue(compound.next());
        assertEquals(42, compound.packetOffset());
        assertEquals(0x11223344, new SenderReport().wrap(s, 42, compound.contentLength()).ssrc());
        // The trailing bytes of the frame are not part of the compound; a range past the segment is refused.
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, compound.wrap(s, 42, frame.length));
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, compound.wrap(s, -1, 8));
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, compound.wrap(s, 0, -8));
        assertFalse(compound.next());
    }

    @Test
    void skipsAndCountsKindsItDoesNotParse() {
        String compoundHex = "80c9000111223344"                    // RR, no blocks
                + "80cc00031122334461626364cafebabe"             // APP, name "abcd", 4 bytes of data
                + "80cf000411223344040000020000000100000000"     // XR with a 12-byte block
                + "83cd00041122334400000000556677880400c800"     // RTPFB FMT 3 (TMMBR) with one entry
                + "8fce00031122334400000000414243ff"             // PSFB FMT 15 without the REMB identifier
                + "8fce00021122334400000000"                     // PSFB FMT 15 too short to hold any identifier
                + "80c30001deadbeef"                             // PT 195: unassigned
                + "81ce000211223344aabbccdd";                    // PLI
        MemorySegment s = segment(compoundHex);
        assertEquals(DropReason.OK, compound.wrap(s, 0, (int) s.byteSize()));
        assertEquals(8, compound.packetCount());
        assertEquals(6, compound.unknownCount());
        List<Integer> kinds = kinds();
        assertEquals(List.of(RtcpKind.RR, RtcpKind.UNKNOWN, RtcpKind.UNKNOWN, RtcpKind.UNKNOWN, RtcpKind.UNKNOWN,
                RtcpKind.UNKNOWN, RtcpKind.UNKNOWN, RtcpKind.PLI), kinds);
    }

    @Test
    void paddingOnTheLastPacketIsExcludedFromItsContent() {
        // RR, then a PLI with 4 bytes of padding (P bit, last octet = 4).
        MemorySegment s = segment("80c9000111223344" + "a1ce00031122334455667788" + "00000004");
        assertEquals(DropReason.OK, compound.wrap(s, 0, (int) s.byteSize()));
        compound.next();
        assertTrue(compound.next());
        assertEquals(RtcpKind.PLI, compound.kind());
        assertEquals(16, compound.packetLength());
        assertEquals(4, compound.paddingLength());
        assertEquals(12, compound.contentLength());
    }

    @Test
    void acceptsPaddedTransportFeedbackBeforeAnotherPacket() {
        // libwebrtc pads each transport feedback with the P bit (2 bytes here, the last octet counting them)
        // and may put several feedback packets in one datagram: RFC 3550's "padding only last" would drop them.
        String twcc = "afcd00064b1a67da11223344000000040000100020047b0204000002";
        MemorySegment s = segment(twcc + twcc + "81ce000211223344aabbccdd");
        assertEquals(DropReason.OK, compound.wrap(s, 0, (int) s.byteSize()));
        assertEquals(List.of(RtcpKind.TWCC, RtcpKind.TWCC, RtcpKind.PLI), kinds());
        compound.rewind();
        compound.next();
        assertEquals(2, compound.paddingLength());
        TransportFeedback fb = new TransportFeedback().wrap(s, compound.packetOffset(), compound.contentLength());
        int[] deltas = new int[4];
        int[] n = {0};
        fb.forEachPacket((sequence, received, delta) -> deltas[n[0]++] = delta);
        assertArrayEquals(new int[] {123, 2, 4, 0}, deltas);
    }

    @Test
    void namesEachMalformation() {
        assertReason(RtcpDrop.TRUNCATED, "");
        assertReason(RtcpDrop.TRUNCATED, "80c900");
        assertReason(RtcpDrop.TRUNCATED, "80c9000111223344" + "80c9");
        assertReason(RtcpDrop.BAD_VERSION, "40c9000111223344");
        assertReason(RtcpDrop.BAD_VERSION, "80c9000111223344" + "c0c9000111223344");
        assertReason(RtcpDrop.BAD_LENGTH, "80c9000211223344");
        assertReason(RtcpDrop.BAD_LENGTH, "80c9000111223344" + "80c9ffff11223344");
        assertReason(RtcpDrop.BAD_PADDING, "a0c9000111223300");
        assertReason(RtcpDrop.BAD_PADDING, "a0c9000111223305");
        assertReason(RtcpDrop.SR_TRUNCATED, "80c8000511223344eeb188cf5ef6b5d4d63661740000000d");
        assertReason(RtcpDrop.SR_TRUNCATED, "81c8000611223344eeb188cf5ef6b5d4d63661740000000d00003718");
        assertReason(RtcpDrop.RR_TRUNCATED, "81c9000111223344");
        assertReason(RtcpDrop.RR_TRUNCATED, "80c9000011223344".substring(0, 8));
        // Padding of 4 leaves 4 bytes of an RR: no room for its SSRC.
        assertReason(RtcpDrop.RR_TRUNCATED, "a0c9000111223304");
        assertReason(RtcpDrop.SDES_MALFORMED, "81ca00021122334401056162");
        assertReason(RtcpDrop.SDES_MALFORMED, "81ca00021122334401026162");
        assertReason(RtcpDrop.SDES_MALFORMED, "82ca00021122334401000000");
        assertReason(RtcpDrop.SDES_MALFORMED, "81ca0000");
        assertReason(RtcpDrop.BYE_MALFORMED, "82cb000111223344");
        assertReason(RtcpDrop.BYE_MALFORMED, "81cb00021122334405616263");
        assertReason(RtcpDrop.FEEDBACK_TRUNCATED, "81cd000111223344");
        assertReason(RtcpDrop.FEEDBACK_TRUNCATED, "81ce000111223344");
        assertReason(RtcpDrop.FEEDBACK_TRUNCATED, "83cd000111223344");
        assertReason(RtcpDrop.NACK_BAD_LENGTH, "81cd00021122334455667788");
        assertReason(RtcpDrop.NACK_BAD_LENGTH, "a1cd0004112233445566778801020304" + "00000002");
        assertReason(RtcpDrop.FIR_BAD_LENGTH, "84ce00021122334400000000");
        assertReason(RtcpDrop.FIR_BAD_LENGTH, "84ce0003112233440000000055667788");
        assertReason(RtcpDrop.FIR_BAD_LENGTH, "84ce0005112233440000000055667788" + "0500000055667788");
        assertReason(RtcpDrop.REMB_MALFORMED, "8fce0003112233440000000052454d42");
        assertReason(RtcpDrop.REMB_MALFORMED, "8fce00051122334400000000" + "52454d42" + "020186a0" + "55667788");
        assertReason(RtcpDrop.TWCC_TRUNCATED, "8fcd0003112233445566778800000001");
        // Status count 4 but no chunk; then a chunk announcing 4 small deltas with only 2 present.
        assertReason(RtcpDrop.TWCC_TRUNCATED, "8fcd000411223344556677880000000400001000");
        assertReason(RtcpDrop.TWCC_TRUNCATED, "8fcd0005112233445566778800000004000010002004" + "0102");
        // The draft's run-length example 2: symbol 11, reserved in -01.
        assertReason(RtcpDrop.TWCC_RESERVED_SYMBOL, "8fcd0005112233445566778800000018000010006018" + "0000");
        // The draft's status vector example 2 holds a 11 symbol at its second position.
        assertReason(RtcpDrop.TWCC_RESERVED_SYMBOL, "8fcd000511223344556677880000000700001000cd50" + "0000");
    }

    @Test
    void reportsOnlyTheFirstMalformationAndNothingToIterate() {
        MemorySegment s = segment("80c9000111223344" + "81cd000111223344");
        assertEquals(RtcpDrop.FEEDBACK_TRUNCATED, compound.wrap(s, 0, (int) s.byteSize()));
        assertEquals(0, compound.packetCount());
        assertFalse(compound.next());
    }

    private void assertReason(int reason, String hex) {
        byte[] b = bytes(hex);
        int got = compound.wrap(MemorySegment.ofArray(b), 0, b.length);
        assertEquals(RtcpDrop.name(reason), got >= RtcpDrop.FIRST ? RtcpDrop.name(got) : "code " + got, hex);
        assertFalse(compound.next());
    }

    private void assertKinds(String hex, Integer... expected) {
        MemorySegment s = segment(hex);
        assertEquals(DropReason.OK, compound.wrap(s, 0, (int) s.byteSize()), hex);
        assertEquals(expected.length, compound.packetCount());
        assertEquals(0, compound.unknownCount());
        assertEquals(List.of(expected), kinds());
    }

    private List<Integer> kinds() {
        List<Integer> kinds = new ArrayList<>();
        while (compound.next()) {
            kinds.add(compound.kind());
        }
        return kinds;
    }
}
