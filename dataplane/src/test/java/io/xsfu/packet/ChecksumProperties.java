package io.xsfu.packet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class ChecksumProperties {
    @Property
    boolean fastSumEqualsTheReferenceAtAnyOffsetAndLength(@ForAll @Size(max = 3000) byte[] data,
            @ForAll @IntRange(min = 0, max = 3000) int from, @ForAll @IntRange(min = 0, max = 3000) int length) {
        int off = Math.min(from, data.length);
        int len = Math.min(length, data.length - off);
        int expected = ReferenceChecksum.sum(data, off, len);
        if (Checksum.sum(MemorySegment.ofArray(data), off, len) != expected) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(MemorySegment.ofArray(data), 0, n, 0, data.length);
            return Checksum.sum(n, off, len) == expected;
        }
    }

    @Property
    boolean foldIsCongruentModulo0xFFFF(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long acc) {
        int f = Checksum.fold(acc);
        long expected = acc % 0xFFFF;
        return f >= 0 && f <= 0xFFFF && (acc == 0 ? f == 0 : f >= 1 && f % 0xFFFF == expected);
    }

    @Property
    boolean sumsOfEvenLengthPiecesCombine(@ForAll @Size(max = 200) byte[] a, @ForAll @Size(max = 200) byte[] b) {
        Assume.that(a.length % 2 == 0);
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        int whole = ReferenceChecksum.sum(ab);
        int combined = Checksum.add(Checksum.sum(MemorySegment.ofArray(a), 0, a.length),
                Checksum.sum(MemorySegment.ofArray(b), 0, b.length));
        return sameOnesComplement(whole, combined);
    }

    /** The RFC 1624 update of a checksum equals recomputing it over the changed data. */
    @Property
    boolean incrementalUpdate16EqualsRecomputation(@ForAll @Size(min = 2, max = 400) byte[] data,
            @ForAll @IntRange(min = 0, max = 398) int at, @ForAll @IntRange(min = 0, max = 0xFFFF) int newWord) {
        int pos = Math.min(at, data.length - 2) & ~1;
        int before = ReferenceChecksum.checksum(data, 0, data.length);
        int oldWord = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        data[pos] = (byte) (newWord >>> 8);
        data[pos + 1] = (byte) newWord;
        int after = ReferenceChecksum.checksum(data, 0, data.length);
        return sameChecksum(after, Checksum.updateChecksum16(before, oldWord, newWord))
                && sameOnesComplement(ReferenceChecksum.sum(data),
                        Checksum.updateSum16(~before & 0xFFFF, oldWord, newWord));
    }

    @Property
    boolean incrementalUpdate32EqualsRecomputation(@ForAll @Size(min = 4, max = 400) byte[] data,
            @ForAll @IntRange(min = 0, max = 396) int at, @ForAll int newValue) {
        int pos = Math.min(at, data.length - 4) & ~1;
        MemorySegment s = MemorySegment.ofArray(data);
        int before = ReferenceChecksum.checksum(data, 0, data.length);
        int oldValue = Wire.i32(s, pos);
        Wire.putI32(s, pos, newValue);
        int after = ReferenceChecksum.checksum(data, 0, data.length);
        return sameChecksum(after, Checksum.updateChecksum32(before, oldValue, newValue))
                && sameOnesComplement(ReferenceChecksum.sum(data),
                        Checksum.updateSum32(~before & 0xFFFF, oldValue, newValue));
    }

    /**
     * Exactly equal, except that when the data became all zeros a full recomputation sums to +0 (checksum
     * 0xFFFF) while any update path yields -0 (checksum 0): the same value in one's complement. Real headers
     * always have non-zero words (version, protocol), so this never happens on the wire.
     */
    private static boolean sameChecksum(int full, int incremental) {
        return full == incremental || (full == 0xFFFF && incremental == 0);
    }

    private static boolean sameOnesComplement(int a, int b) {
        return a == b || (a % 0xFFFF == 0 && b % 0xFFFF == 0);
    }
}
