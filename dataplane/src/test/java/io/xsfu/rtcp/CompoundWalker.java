package io.xsfu.rtcp;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;

/**
 * Reads every field of every packet of a compound through the typed flyweights, the way the SFU will, and
 * folds them into a checksum (so that nothing is dead code). Allocation free: the NACK consumer and the TWCC
 * visitor are fields. Used by the properties (nothing throws on any accepted input) and the allocation test.
 */
final class CompoundWalker {
    final RtcpCompound compound = new RtcpCompound();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();
    private final Feedback pli = new Feedback();
    private final GenericNack nack = new GenericNack();
    private final Fir fir = new Fir();
    private final Remb remb = new Remb();
    private final TransportFeedback twcc = new TransportFeedback();
    private long acc;
    private final IntConsumer lost = sequence -> acc += sequence;
    private final TransportFeedback.Visitor packets = (sequence, received, delta) -> acc += sequence + delta
            + (received ? 1 : 0);

    /** The checksum of everything read, or the negative reason when the compound is rejected. */
    long walk(MemorySegment s, long offset, int length) {
        int reason = compound.wrap(s, offset, length);
        if (reason != DropReason.OK) {
            return -reason;
        }
        acc = compound.packetCount() * 31L + compound.unknownCount();
        while (compound.next()) {
            long p = compound.packetOffset();
            int n = compound.contentLength();
            acc += compound.packetType() + compound.count() + compound.paddingLength();
            switch (compound.kind()) {
                case RtcpKind.SR -> {
                    sr.wrap(s, p, n);
                    acc += sr.ssrc() + sr.ntpTimestamp() + sr.compactNtp() + sr.rtpTimestamp() + sr.packetCount()
                            + sr.octetCount();
                    for (int i = 0; i < sr.reportCount(); i++) {
                        acc += blockSum(sr.reportBlock(i, block));
                    }
                }
                case RtcpKind.RR -> {
                    rr.wrap(s, p, n);
                    acc += rr.ssrc();
                    for (int i = 0; i < rr.reportCount(); i++) {
                        acc += blockSum(rr.reportBlock(i, block));
                    }
                }
                case RtcpKind.SDES -> {
                    sdes.wrap(s, p, n);
                    while (sdes.nextChunk()) {
                        acc += sdes.chunkSsrc();
                        while (sdes.nextItem()) {
                            acc += sdes.itemType() + sdes.itemTextOffset() + sdes.itemTextLength();
                        }
                    }
                }
                case RtcpKind.BYE -> {
                    bye.wrap(s, p, n);
                    for (int i = 0; i < bye.sourceCount(); i++) {
                        acc += bye.ssrc(i);
                    }
                    acc += bye.reasonLength() + (bye.hasReason() ? bye.reasonOffset() : 0);
                }
                case RtcpKind.PLI -> acc += pli.wrap(s, p, n).senderSsrc() + pli.mediaSsrc() + pli.fmt();
                case RtcpKind.NACK -> {
                    nack.wrap(s, p, n);
                    acc += nack.senderSsrc() + nack.mediaSsrc() + nack.lostCount();
                    nack.forEachLost(lost);
                }
                case RtcpKind.FIR -> {
                    fir.wrap(s, p, n);
                    for (int i = 0; i < fir.entryCount(); i++) {
                        acc += fir.entrySsrc(i) + fir.sequenceNumber(i);
                    }
                }
                case RtcpKind.REMB -> {
                    remb.wrap(s, p, n);
                    acc += remb.bitrate() + remb.exponent() + remb.mantissa();
                    for (int i = 0; i < remb.ssrcCount(); i++) {
                        acc += remb.ssrc(i);
                    }
                }
                case RtcpKind.TWCC -> {
                    twcc.wrap(s, p, n);
                    acc += twcc.baseSequence() + twcc.referenceTime() + twcc.feedbackPacketCount();
                    acc += twcc.forEachPacket(packets);
                }
                default -> acc += p;
            }
        }
        return acc & Long.MAX_VALUE;
    }

    private static long blockSum(ReportBlock b) {
        return b.ssrc() + b.fractionLost() + b.cumulativeLost() + b.extendedHighestSequence() + b.jitter()
                + b.lastSr() + b.delaySinceLastSr();
    }
}
