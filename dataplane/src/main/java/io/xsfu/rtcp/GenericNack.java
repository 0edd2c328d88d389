package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.RtcpHeader;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;

/**
 * Flyweight over a generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1): FCI entries of a packet ID (PID) and a
 * bitmask of following lost packets (BLP), bit {@code i} meaning {@code PID + i + 1} is lost too.
 */
public final class GenericNack extends Feedback {
    public static final int ENTRY_LENGTH = 4;
    public static final int PID_OFFSET = 0;
    public static final int BLP_OFFSET = 2;
    /** How many sequence numbers after the PID one entry's bitmask covers. */
    public static final int BLP_BITS = 16;

    @Override
    public GenericNack wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public int entryCount() {
        return fciLength() / ENTRY_LENGTH;
    }

    public int pid(int index) {
        return Wire.u16(segment, fciOffset() + (long) index * ENTRY_LENGTH + PID_OFFSET);
    }

    public int blp(int index) {
        return Wire.u16(segment, fciOffset() + (long) index * ENTRY_LENGTH + BLP_OFFSET);
    }

    /** How many sequence numbers the entries name (a sequence named by two entries counts twice). */
    public int lostCount() {
        int n = 0;
        for (int i = 0, entries = entryCount(); i < entries; i++) {
            n += 1 + Integer.bitCount(blp(i));
        }
        return n;
    }

    /**
     * Calls {@code lost} with every sequence number the entries name, entry by entry, each PID before its
     * bitmask. Pass a consumer held in a field: a capturing lambda would allocate per call.
     */
    public void forEachLost(IntConsumer lost) {
        for (int i = 0, entries = entryCount(); i < entries; i++) {
            int pid = pid(i);
            lost.accept(pid);
            for (int mask = blp(i); mask != 0; mask &= mask - 1) {
                lost.accept((pid + Integer.numberOfTrailingZeros(mask) + 1) & 0xFFFF);
            }
        }
    }

    /** {@link DropReason#OK} or {@link RtcpDrop#NACK_BAD_LENGTH}: at least one entry, and whole entries. */
    public static int validate(MemorySegment s, long offset, int length) {
        int fci = length - FCI_OFFSET;
        return fci < ENTRY_LENGTH || fci % ENTRY_LENGTH != 0 ? RtcpDrop.NACK_BAD_LENGTH : DropReason.OK;
    }

    /**
     * How many FCI entries {@link #write} makes of {@code lost[from .. from + count)}: a sequence number within
     * 16 after the current entry's PID (modulo 2^16, so wrap-around is fine) joins its bitmask, an equal one is
     * a duplicate, anything else starts a new entry. Sorted input in RTP order gives the fewest entries;
     * unsorted input is still covered, only less compactly.
     */
    static int entriesFor(int[] lost, int from, int count) {
        if (count == 0) {
            return 0;
        }
        int entries = 1;
        int pid = lost[from] & 0xFFFF;
        for (int i = from + 1; i < from + count; i++) {
            int distance = (lost[i] - pid) & 0xFFFF;
            if (distance > BLP_BITS) {
                entries++;
                pid = lost[i] & 0xFFFF;
            }
        }
        return entries;
    }

    /** Writes the NACK for {@link #entriesFor} entries at {@code packet}; {@code 12 + 4 * entries} bytes. */
    static void write(MemorySegment s, long packet, int senderSsrc, int mediaSsrc, int[] lost, int from, int count,
            int entries) {
        writeHeader(s, packet, FMT_NACK, RtcpHeader.PT_RTPFB, HEADER_LENGTH + entries * ENTRY_LENGTH, senderSsrc,
                mediaSsrc);
        long entry = packet + FCI_OFFSET;
        int pid = lost[from] & 0xFFFF;
        int blp = 0;
        for (int i = from + 1; i < from + count; i++) {
            int distance = (lost[i] - pid) & 0xFFFF;
            if (distance > BLP_BITS) {
                Wire.putU16(s, entry + PID_OFFSET, pid);
                Wire.putU16(s, entry + BLP_OFFSET, blp);
                entry += ENTRY_LENGTH;
                pid = lost[i] & 0xFFFF;
                blp = 0;
            } else if (distance > 0) {
                blp |= 1 << (distance - 1);
            }
        }
        Wire.putU16(s, entry + PID_OFFSET, pid);
        Wire.putU16(s, entry + BLP_OFFSET, blp);
    }
}
