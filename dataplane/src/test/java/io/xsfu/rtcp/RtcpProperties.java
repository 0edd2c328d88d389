package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

class RtcpProperties {
    private final CompoundWalker walker = new CompoundWalker();

    @Property(tries = 3000)
    boolean readerNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 600) byte[] bytes) {
        return wellBehaved(bytes);
    }

    /**
     * Random bytes rarely pass the version and length checks. These are packets with a right header (version,
     * a type this layer parses, a count) and a random body, so each type's own validation is what is tested.
     */
    @Property(tries = 5000)
    boolean readerNeverThrowsOnWellFramedRandomPackets(@ForAll("framedCompounds") byte[] compound) {
        return wellBehaved(compound);
    }

    @Property(tries = 5000)
    boolean readerNeverThrowsOnMutationsOfValidCompounds(@ForAll("validCompounds") byte[] compound,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 2000) Integer> positions,
            @ForAll @Size(max = 8) List<Byte> values, @ForAll @IntRange(min = 0, max = 1500) int cut) {
        byte[] b = compound.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            b[positions.get(i) % b.length] = values.get(i);
        }
        return wellBehaved(Arrays.copyOf(b, Math.min(cut, b.length))) && wellBehaved(b);
    }

    @Property(tries = 500)
    boolean validCompoundsAreAccepted(@ForAll("validCompounds") byte[] compound) {
        return walker.walk(MemorySegment.ofArray(compound), 0, compound.length) >= 0;
    }

    @Property(tries = 1000)
    boolean nackRoundTripsAcrossTheWrapAround(@ForAll @IntRange(min = 0, max = 65535) int first,
            @ForAll @Size(min = 1, max = 300) @UniqueElements List<@IntRange(min = 0, max = 3000) Integer> offsets) {
        int[] lost = offsets.stream().sorted().mapToInt(o -> (first + o) & 0xFFFF).toArray();
        MemorySegment out = MemorySegment.ofArray(new byte[12 + 4 * lost.length]);
        int n = new RtcpWriter().wrap(out, 0, (int) out.byteSize()).nack(1, 2, lost, 0, lost.length);
        if (n < 0 || new RtcpCompound().wrap(out, 0, n) != DropReason.OK) {
            return false;
        }
        GenericNack nack = new GenericNack().wrap(out, 0, n);
        List<Integer> expected = Arrays.stream(lost).boxed().toList();
        return GenericNackTest.lost(nack).equals(expected) && nack.lostCount() == lost.length
                && nack.entryCount() == minimalEntries(offsets.stream().sorted().toList());
    }

    @Property(tries = 1000)
    boolean twccRoundTrips(@ForAll @IntRange(min = 0, max = 65535) int base,
            @ForAll @Size(min = 1, max = 400) @UniqueElements List<@IntRange(min = 0, max = 5000) Integer> offsets,
            @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long start,
            @ForAll @Size(min = 400, max = 400) List<@IntRange(min = -2_000_000, max = 2_000_000) Integer> gaps) {
        List<Integer> sorted = offsets.stream().sorted().toList();
        int[] sequences = sorted.stream().mapToInt(o -> (base + o) & 0xFFFF).toArray();
        long[] arrivals = new long[sequences.length];
        arrivals[0] = start;
        for (int i = 1; i < arrivals.length; i++) {
            arrivals[i] = arrivals[i - 1] + gaps.get(i);
        }
        MemorySegment out = MemorySegment.ofArray(new byte[16_384]);
        int n = new RtcpWriter().wrap(out, 0, 16_384).twcc(1, 2, base, 9, sequences, arrivals, sequences.length);
        if (n <= 0 || n % 4 != 0 || new RtcpCompound().wrap(out, 0, n) != DropReason.OK) {
            return false;
        }
        TransportFeedback fb = new TransportFeedback().wrap(out, 0, n);
        long fullReference = Math.floorDiv(start, 64_000);
        long shift = (fullReference - fb.referenceTime()) * 256;
        List<Integer> received = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        long[] clock = {fb.referenceTime() * 256L};
        int[] notReceived = {0};
        int count = fb.forEachPacket((sequence, isReceived, delta) -> {
            if (isReceived) {
                clock[0] += delta;
                received.add(sequence);
                ticks.add(clock[0] + shift);
            } else {
                notReceived[0]++;
            }
        });
        List<Long> expectedTicks = Arrays.stream(arrivals).map(a -> Math.floorDiv(a, 250)).boxed().toList();
        return count == sorted.getLast() + 1 && fb.baseSequence() == base && fb.feedbackPacketCount() == 9
                && received.equals(Arrays.stream(sequences).boxed().toList()) && ticks.equals(expectedTicks)
                && notReceived[0] == count - sequences.length;
    }

    @Property(tries = 500)
    boolean reportsRoundTrip(@ForAll int ssrc, @ForAll long ntp, @ForAll int rtp, @ForAll int packets,
            @ForAll int octets, @ForAll @Size(max = 31) List<@Size(min = 7, max = 7) List<Integer>> blocks,
            @ForAll boolean sender) {
        MemorySegment out = MemorySegment.ofArray(new byte[28 + 31 * 24]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, (int) out.byteSize());
        int n = sender ? w.senderReport(ssrc, ntp, rtp, packets, octets) : w.receiverReport(ssrc);
        for (List<Integer> b : blocks) {
            n = w.reportBlock(b.get(0), b.get(1) & 0xFF, b.get(2), b.get(3), b.get(4), b.get(5), b.get(6));
        }
        RtcpCompound compound = new RtcpCompound();
        if (compound.wrap(out, 0, n) != DropReason.OK || !compound.next()) {
            return false;
        }
        ReportBlock block = new ReportBlock();
        for (int i = 0; i < blocks.size(); i++) {
            List<Integer> b = blocks.get(i);
            if (sender) {
                new SenderReport().wrap(out, 0, n).reportBlock(i, block);
            } else {
                new ReceiverReport().wrap(out, 0, n).reportBlock(i, block);
            }
            int clamped = Math.max(-0x800000, Math.min(0x7FFFFF, b.get(2)));
            if (block.ssrc() != b.get(0) || block.fractionLost() != (b.get(1) & 0xFF)
                    || block.cumulativeLost() != clamped || block.extendedHighestSequence() != b.get(3)
                    || block.jitter() != b.get(4) || block.lastSr() != b.get(5)
                    || block.delaySinceLastSr() != b.get(6)) {
                return false;
            }
        }
        if (sender) {
            SenderReport sr = new SenderReport().wrap(out, 0, n);
            return compound.kind() == RtcpKind.SR && sr.ssrc() == ssrc && sr.ntpTimestamp() == ntp
                    && sr.rtpTimestamp() == rtp && sr.packetCount() == packets && sr.octetCount() == octets
                    && sr.reportCount() == blocks.size();
        }
        ReceiverReport rr = new ReceiverReport().wrap(out, 0, n);
        return compound.kind() == RtcpKind.RR && rr.ssrc() == ssrc && rr.reportCount() == blocks.size();
    }

    @Property(tries = 1000)
    boolean rembKeepsTheLargestRepresentableBitrateNotAbove(@ForAll @LongRange(min = 0) long bitrate,
            @ForAll @Size(max = 20) List<Integer> ssrcs) {
        MemorySegment out = MemorySegment.ofArray(new byte[20 + 4 * 20]);
        int[] s = ssrcs.stream().mapToInt(Integer::intValue).toArray();
        int n = new RtcpWriter().wrap(out, 0, (int) out.byteSize()).remb(7, bitrate, s, s.length);
        RtcpCompound compound = new RtcpCompound();
        if (n <= 0 || compound.wrap(out, 0, n) != DropReason.OK || !compound.next()
                || compound.kind() != RtcpKind.REMB) {
            return false;
        }
        Remb remb = new Remb().wrap(out, 0, n);
        long got = remb.bitrate();
        boolean minimalExponent = remb.exponent() == 0 || remb.mantissa() >= 1 << 17;
        for (int i = 0; i < s.length; i++) {
            if (remb.ssrc(i) != s[i]) {
                return false;
            }
        }
        return got <= bitrate && bitrate - got < 1L << remb.exponent() && minimalExponent
                && remb.ssrcCount() == s.length;
    }

    @Property(tries = 500)
    boolean cnameAndByeAndFirRoundTrip(@ForAll int ssrc, @ForAll @Size(min = 1, max = 255) byte[] cname,
            @ForAll @Size(max = 31) List<Integer> leaving, @ForAll @Size(max = 255) byte[] reason,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 255) Integer> firSequences) {
        MemorySegment out = MemorySegment.ofArray(new byte[2048]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 2048);
        w.sdesCname(ssrc, MemorySegment.ofArray(cname));
        int[] bye = leaving.stream().mapToInt(Integer::intValue).toArray();
        w.bye(bye, bye.length, reason.length == 0 ? null : MemorySegment.ofArray(reason));
        int[] firSsrcs = firSequences.stream().mapToInt(q -> q * 31 + ssrc).toArray();
        int n = w.fir(ssrc, firSsrcs, firSequences.stream().mapToInt(Integer::intValue).toArray(), firSsrcs.length);
        RtcpCompound compound = new RtcpCompound();
        if (compound.wrap(out, 0, n) != DropReason.OK || compound.packetCount() != 3) {
            return false;
        }
        compound.next();
        Sdes sdes = new Sdes().wrap(out, compound.packetOffset(), compound.contentLength());
        sdes.nextChunk();
        sdes.nextItem();
        byte[] text = new byte[sdes.itemTextLength()];
        MemorySegment.copy(out, java.lang.foreign.ValueLayout.JAVA_BYTE, sdes.itemTextOffset(), text, 0, text.length);
        boolean sdesOk = sdes.chunkSsrc() == ssrc && sdes.itemType() == Sdes.CNAME && Arrays.equals(text, cname)
                && !sdes.nextItem() && !sdes.nextChunk();
        compound.next();
        Bye b = new Bye().wrap(out, compound.packetOffset(), compound.contentLength());
        boolean byeOk = b.sourceCount() == bye.length && b.reasonLength() == reason.length
                && b.hasReason() == (reason.length > 0);
        for (int i = 0; i < bye.length; i++) {
            byeOk &= b.ssrc(i) == bye[i];
        }
        compound.next();
        Fir fir = new Fir().wrap(out, compound.packetOffset(), compound.contentLength());
        boolean firOk = fir.entryCount() == firSsrcs.length;
        for (int i = 0; i < firSsrcs.length; i++) {
            firOk &= fir.entrySsrc(i) == firSsrcs[i] && fir.sequenceNumber(i) == firSequences.get(i);
        }
        return sdesOk && byeOk && firOk;
    }

    /** The reader either accepts and every field can be read inside the datagram, or names a reason. */
    private boolean wellBehaved(byte[] compound) {
        // The array is exactly the datagram: a read past it would throw.
        long result = walker.walk(MemorySegment.ofArray(compound), 0, compound.length);
        if (result >= 0) {
            return true;
        }
        int reason = (int) -result;
        return reason >= RtcpDrop.FIRST && reason < RtcpDrop.END;
    }

    /** Entries a NACK needs for sorted offsets: a new one whenever a number is more than 16 past the last PID. */
    private static int minimalEntries(List<Integer> sorted) {
        int entries = 0;
        int pid = Integer.MIN_VALUE / 2;
        for (int o : sorted) {
            if (o - pid > 16) {
                entries++;
                pid = o;
            }
        }
        return entries;
    }

    @Provide
    Arbitrary<byte[]> framedCompounds() {
        Arbitrary<byte[]> packet = Combinators.combine(
                Arbitraries.of(200, 201, 202, 203, 204, 205, 206, 207, 195),
                Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 4, 15), Arbitraries.integers().between(0, 31)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(120),
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 4), Tuple.of(1, 7)),
                Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -1), Tuple.of(1, 1)))
                .as((type, count, body, padding, lengthError) -> {
                    int words = (4 + body.length + padding + 3) / 4;
                    byte[] p = new byte[words * 4];
                    System.arraycopy(body, 0, p, 4, Math.min(body.length, p.length - 4));
                    p[0] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | count);
                    p[1] = (byte) (int) type;
                    int lengthField = Math.max(0, words - 1 + lengthError);
                    p[2] = (byte) (lengthField >>> 8);
                    p[3] = (byte) lengthField;
                    if (padding > 0) {
                        p[p.length - 1] = (byte) (int) padding;
                    }
                    return p;
                });
        return packet.list().ofMinSize(1).ofMaxSize(4).map(list -> {
            int total = list.stream().mapToInt(p -> p.length).sum();
            byte[] all = new byte[total];
            int at = 0;
            for (byte[] p : list) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        });
    }

    @Provide
    Arbitrary<byte[]> validCompounds() {
        Arbitrary<byte[]> captured = Arbitraries.of(CapturedRtcp.SR_SDES, CapturedRtcp.RR_SDES,
                CapturedRtcp.RR_SDES_PLI, CapturedRtcp.RR_SDES_PLI_NACK, CapturedRtcp.RR_SDES_FIR_NACK,
                CapturedRtcp.SR_SDES_BYE, CapturedRtcp.TWCC_RUN_LENGTH, CapturedRtcp.TWCC_ONE_BIT_VECTOR,
                CapturedRtcp.TWCC_TWO_BIT_VECTORS, CapturedRtcp.TWCC_PADDED).map(CapturedRtcp::bytes);
        Arbitrary<byte[]> built = Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(8)
                .map(RtcpProperties::build);
        return Arbitraries.oneOf(captured, built);
    }

    /** A compound of writer calls chosen by the seeds: one packet per seed, of the kind {@code seed % 9}. */
    private static byte[] build(List<Integer> seeds) {
        MemorySegment out = MemorySegment.ofArray(new byte[1500]);
        RtcpWriter w = new RtcpWriter().wrap(out, 0, 1500);
        Set<Integer> lost = new HashSet<>();
        for (int seed : seeds) {
            int small = seed >>> 4 & 0xFF;
            switch (seed % 9) {
                case 0 -> w.senderReport(seed, (long) seed << 20, seed * 3, small, seed);
                case 1 -> w.receiverReport(seed);
                case 2 -> w.reportBlock(seed, small, small - 100, seed, small, seed, small);
                case 3 -> w.sdesCname(seed, MemorySegment.ofArray(new byte[1 + small % 40]));
                case 4 -> {
                    lost.add(seed & 0xFFFF);
                    lost.add((seed + small % 20) & 0xFFFF);
                    int[] l = lost.stream().sorted().mapToInt(Integer::intValue).toArray();
                    w.nack(1, seed, l, 0, l.length);
                }
                case 5 -> w.pli(seed, small);
                case 6 -> w.fir(seed, new int[] {small, seed}, new int[] {small, 1}, 1 + (seed & 1));
                case 7 -> w.remb(seed, (long) seed * small, new int[] {1, 2, 3}, small % 4);
                default -> {
                    int n = 1 + small % 30;
                    int[] q = new int[n];
                    long[] t = new long[n];
                    for (int i = 0; i < n; i++) {
                        q[i] = (seed + i * (1 + (seed >>> 12 & 3))) & 0xFFFF;
                        t[i] = (long) seed * 1000 + i * (long) (small * 500 - 30_000);
                    }
                    w.twcc(1, 2, seed & 0xFFFF, small, q, t, n);
                }
            }
        }
        byte[] result = new byte[w.length()];
        MemorySegment.copy(out, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, result, 0, result.length);
        return result.length == 0 ? CapturedRtcp.bytes(CapturedRtcp.RR_SDES_PLI) : result;
    }
}
