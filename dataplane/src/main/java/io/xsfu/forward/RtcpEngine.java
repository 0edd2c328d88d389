package io.xsfu.forward;

import io.xsfu.bwe.PacketResults;
import io.xsfu.bwe.TransportBandwidth;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.RtpHeader;
import io.xsfu.packet.Wire;
import io.xsfu.route.Consumer;
import io.xsfu.route.Endpoint;
import io.xsfu.route.Producer;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.srtp.SrtpSession;
import io.xsfu.rtcp.Fir;
import io.xsfu.rtcp.GenericNack;
import io.xsfu.rtcp.Feedback;
import io.xsfu.rtcp.ReceiverReport;
import io.xsfu.rtcp.Remb;
import io.xsfu.rtcp.ReportBlock;
import io.xsfu.rtcp.RtcpCompound;
import io.xsfu.rtcp.RtcpKind;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.SenderReport;
import io.xsfu.rtcp.TransportFeedback;
import io.xsfu.rtp.ReceiveStatistics;
import io.xsfu.rtp.RetransmissionCache;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The SFU's RTCP, on the agent thread: it terminates what endpoints send (sender reports feed the
 * producers' statistics and are translated for each consumer; receiver reports are absorbed; NACKs are
 * answered from the producer's retransmission cache, as RTX when the subscriber negotiated it; PLI/FIR
 * become one throttled keyframe request to the producer; transport-wide feedback and REMB feed the
 * subscriber transport's bandwidth estimation) and it generates its own (receiver reports and
 * NACKs toward producers, keyframe requests). Every packet is built in one preallocated scratch buffer and
 * sent at once through the backend's egress.
 */
final class RtcpEngine {
    /** How often missing packets are NACKed upstream and keyframe retries are checked. */
    static final long NACK_INTERVAL_NANOS = 20_000_000L;
    /** Receiver reports toward each producer's endpoint. */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final int SCRATCH = 2048;

    private final DataplaneCounters counters;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment scratch = arena.allocate(SCRATCH, 8);
    private final RtcpCompound compound = new RtcpCompound();
    private final RtcpWriter writer = new RtcpWriter();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final Feedback feedback = new Feedback();
    private final GenericNack nack = new GenericNack();
    private final Fir fir = new Fir();
    private final TransportFeedback transportFeedback = new TransportFeedback();
    private final Remb remb = new Remb();
    /** One feedback's packets at a time, whichever transport it came from. */
    private final PacketResults packetResults = new PacketResults();
    private final RtpHeader rtp = new RtpHeader();
    private final RtpRewrite rewrite = new RtpRewrite();
    private final io.xsfu.layers.PayloadDescriptor descriptor = new io.xsfu.layers.PayloadDescriptor();
    private final int[] lost = new int[256];
    private final int[] firSsrc = new int[1];
    private final int[] firSequence = new int[1];
    private final IntConsumer retransmitOne = this::retransmit;
    private long nextNackRound;
    private long nextReports;

    // The NACK being answered (set for the duration of retransmit callbacks).
    private Consumer nackConsumer;
    private Egress nackEgress;
    private long nackNow;

    RtcpEngine(DataplaneCounters counters) {
        this.counters = counters;
    }

    /** One compound RTCP datagram from {@code from}'s endpoint (source already checked). Returns 0: nothing is forwarded as is. */
    int onRtcp(Transport from, ParsedPacket p, Egress egress, long nowNanos) {
        int reason = compound.wrap(p.segment(), p.payloadOffset(), p.payloadLength());
        if (reason != 0) {
            counters.drop(reason);
            return 0;
        }
        from.counters().received(p.payloadLength());
        while (compound.next()) {
            int kind = compound.kind();
            counters.rtcpReceived(kind);
            long at = compound.packetOffset();
            int length = compound.contentLength();
            switch (kind) {
                case RtcpKind.SR -> onSenderReport(from, at, length, egress, nowNanos);
                case RtcpKind.RR -> onReceiverReport(from, at, length);
                case RtcpKind.NACK -> onNack(from, at, length, egress, nowNanos);
                case RtcpKind.PLI -> onKeyFrameRequest(from, feedbackMediaSsrc(at, length), false, egress, nowNanos);
                case RtcpKind.FIR -> {
                    fir.wrap(compound.segment(), at, length);
                    for (int i = 0; i < fir.entryCount(); i++) {
                        onKeyFrameRequest(from, fir.entrySsrc(i), true, egress, nowNanos);
                    }
                }
                case RtcpKind.TWCC -> onTransportFeedback(from, at, length, nowNanos);
                case RtcpKind.REMB -> onRemb(from, at, length, nowNanos);
                default -> {
                    // SDES, BYE, APP...: counted by kind, not acted on.
                }
            }
        }
        return 0;
    }

    private int feedbackMediaSsrc(long at, int length) {
        return feedback.wrap(compound.segment(), at, length).mediaSsrc();
    }

    /** The subscriber's transport-wide feedback about what the SFU sent it: the estimation's main input. */
    private void onTransportFeedback(Transport from, long at, int length, long nowNanos) {
        TransportBandwidth bandwidth = from.bandwidth();
        if (bandwidth == null) {
            counters.drop(ForwardDrop.RTCP_NOT_HANDLED);
            return;
        }
        bandwidth.onTransportFeedback(transportFeedback.wrap(compound.segment(), at, length), packetResults, nowNanos);
    }

    /** A receiver's own estimate, followed while it sends no transport-wide feedback. */
    private void onRemb(Transport from, long at, int length, long nowNanos) {
        TransportBandwidth bandwidth = from.bandwidth();
        if (bandwidth == null) {
            counters.drop(ForwardDrop.RTCP_NOT_HANDLED);
            return;
        }
        bandwidth.onRemb(remb.wrap(compound.segment(), at, length).bitrate(), nowNanos);
    }

    private void onSenderReport(Transport from, long at, int length, Egress egress, long nowNanos) {
        senderReport.wrap(compound.segment(), at, length);
        Producer producer = from.producerBySsrc(senderReport.ssrc());
        if (producer == null) {
            counters.drop(ForwardDrop.FEEDBACK_UNKNOWN_SSRC);
            return;
        }
        long ntp = senderReport.ntpTimestamp();
        int rtpTimestamp = senderReport.rtpTimestamp();
        producer.statistics().senderReport(ntp, nowNanos);
        producer.senderReport(ntp, rtpTimestamp);
        if (producer.simulcast()) {
            // Each encoding's report ties its RTP clock to the sender's: switching keeps the timeline exact.
            producer.clocks().senderReport(producer.encoding(), rtpTimestamp, ntpNanos(ntp));
        }
        for (Consumer c : producer.consumers()) {
            if (c.source() == producer) {
                sendTranslatedSenderReport(c, ntp, rtpTimestamp, egress);
            }
        }
    }

    /** A 64-bit NTP timestamp as nanoseconds since 1900 (fits a long until 2192): only differences are used. */
    static long ntpNanos(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /**
     * The producer's SR as this consumer's: its SSRC, the RTP timestamp moved by the consumer's timestamp
     * offset (so NTP and RTP time still describe the same instant of the rewritten stream: lip sync keeps
     * working), its own packet and octet counts, and an SDES CNAME naming the publisher, so that a
     * subscriber groups the audio and video of one publisher.
     */
    private void sendTranslatedSenderReport(Consumer c, long ntp, int rtpTimestamp, Egress egress) {
        if (c.paused() || c.packetsSent() == 0 || !reachable(c.transport(), egress)) {
            return;
        }
        writer.wrap(scratch, 0, SCRATCH);
        writer.senderReport(c.ssrc(), ntp, rtpTimestamp + c.timestamp().offset(), (int) c.packetsSent(),
                (int) c.octetsSent());
        MemorySegment cname = cnameOf(c.producer());
        writer.sdesCname(c.ssrc(), cname, 0, (int) cname.byteSize());
        send(c.transport(), egress);
    }

    private void onReceiverReport(Transport from, long at, int length) {
        receiverReport.wrap(compound.segment(), at, length);
        for (int i = 0; i < receiverReport.reportCount(); i++) {
            receiverReport.reportBlock(i, block);
            if (from.consumerBySsrc(block.ssrc()) == null) {
                counters.drop(ForwardDrop.FEEDBACK_UNKNOWN_SSRC);
            }
            // Terminated here: the subscriber's loss and jitter describe its own link, not the publisher's.
        }
    }

    private void onNack(Transport from, long at, int length, Egress egress, long nowNanos) {
        nack.wrap(compound.segment(), at, length);
        Consumer c = from.consumerBySsrc(nack.mediaSsrc());
        if (c == null) {
            counters.drop(ForwardDrop.FEEDBACK_UNKNOWN_SSRC);
            return;
        }
        if (!from.options().nack()) {
            counters.drop(ForwardDrop.RTCP_NOT_HANDLED);
            return;
        }
        c.counters().nacksReceived().incrementRelease();
        nackConsumer = c;
        nackEgress = egress;
        nackNow = nowNanos;
        nack.forEachLost(retransmitOne);
        nackConsumer = null;
        nackEgress = null;
    }

    /** Answers one lost sequence number of {@link #nackConsumer}'s stream from the producer's cache. */
    private void retransmit(int outSeq) {
        Consumer c = nackConsumer;
        if (!c.takeRetransmitBudget(nackNow)) {
            counters.drop(ForwardDrop.NACK_RATE_LIMITED);
            return;
        }
        int sent = resend(c, outSeq, nackEgress, nackNow);
        if (sent < 0) {
            counters.drop(-sent);
        } else if (sent > 0) {
            c.counters().retransmitted().incrementRelease();
        }
    }

    /**
     * A probe packet: consumer {@code c}'s output {@code outSeq} sent again as RTX (the subscriber discards the
     * duplicate; its transport-wide number makes the feedback measure it). Takes no NACK budget: the prober paces.
     * Returns the RTP bytes sent, 0 when {@code outSeq} cannot be sent again (not cached, an earlier encoding's,
     * no RTX), or minus the reason it could not be queued.
     */
    int probe(Consumer c, int outSeq, Egress egress, long nowNanos) {
        if (!c.rtx()) {
            return 0;
        }
        int sent = resend(c, outSeq, egress, nowNanos);
        return sent == -ForwardDrop.NACK_NOT_IN_CACHE ? 0 : sent;
    }

    /**
     * Sends output {@code outSeq} of {@code c} again from the producer's cache, as RTX when negotiated, with the
     * picture id its copy carried and a new transport-wide number. Returns the RTP bytes sent, 0 when it was not
     * sent for a reason not counted (unreachable, too big for RTX), or minus a {@link ForwardDrop} reason.
     */
    private int resend(Consumer c, int outSeq, Egress egress, long nowNanos) {
        io.xsfu.layers.SimulcastStream layers = c.simulcast();
        if (layers != null && !layers.inCurrentRun(outSeq)) {
            // Sent from another encoding before a switch: the decoder restarted at a keyframe since.
            return -ForwardDrop.NACK_NOT_IN_CACHE;
        }
        int inSeq = c.sequence().inputOf(outSeq);
        RetransmissionCache cache = c.source().cache();
        int slot = inSeq < 0 ? -1 : cache.find(inSeq, nowNanos);
        if (slot < 0) {
            return -ForwardDrop.NACK_NOT_IN_CACHE;
        }
        Transport to = c.transport();
        if (!reachable(to, egress)) {
            return 0;
        }
        MemorySegment data = cache.segment();
        long packet = cache.offset(slot);
        int length = cache.length(slot);
        rtp.wrap(data, packet, length);
        int header = rtp.headerLength();
        int outTs = rtp.timestamp() + c.timestamp().offset();
        int pictureId = -1;
        int tl0PicIdx = -1;
        int pictureIdAt = RtpRewrite.NO_PATCH;
        int tl0PicIdxAt = RtpRewrite.NO_PATCH;
        if (layers != null) {
            // The copy carried the picture id its frame got; the retransmission must carry the same.
            // A cached packet's descriptor was read on its way in: it reads the same now.
            descriptor.read(c.producer().codec(), data, rtp.payloadOffset(), rtp.payloadLength(), null);
            int idOffset = descriptor.pictureIdOffset();
            int tl0Offset = descriptor.tl0PicIdxOffset();
            int encoding = c.source().encoding();
            pictureId = idOffset < 0 ? -1 : layers.pictureIdOf(encoding, rtp.timestamp());
            tl0PicIdx = tl0Offset < 0 ? -1 : layers.tl0PicIdxOf(encoding, rtp.timestamp());
            if (idOffset >= 0 && pictureId < 0) {
                return -ForwardDrop.NACK_NOT_IN_CACHE;
            }
            int shift = c.rtx() ? 2 : 0; // RFC 4588's original sequence number precedes the payload
            pictureIdAt = idOffset < 0 ? RtpRewrite.NO_PATCH : header + shift + idOffset;
            tl0PicIdxAt = tl0Offset < 0 ? RtpRewrite.NO_PATCH : header + shift + tl0Offset;
        }
        int written;
        // As for the first copy: a packet without the SFU's transport-wide element gets one added.
        int plan = RtpPatch.twccPlan(data, packet, c.twccId());
        boolean insert = plan > 0;
        int growth = insert ? plan : 0;
        if (c.rtx()) {
            // RFC 4588: the RTX packet carries the original (consumer) sequence number before the payload.
            if (length + growth + 2 > SCRATCH) {
                return 0;
            }
            if (insert) {
                RtpPatch.copyInsertingTwcc(data, packet, header, header, scratch, 0, c.twccId());
            } else {
                MemorySegment.copy(data, packet, scratch, 0, header);
            }
            Wire.putU16(scratch, header + growth, outSeq);
            MemorySegment.copy(data, packet + header, scratch, header + growth + 2, length - header);
            rewrite.set(c.rtxSsrc(), c.nextRtxSequence(), outTs, c.rtxPayloadType(), c.keepExtensions());
            written = length + growth + 2;
        } else {
            if (length + growth > SCRATCH) {
                return 0;
            }
            if (insert) {
                RtpPatch.copyInsertingTwcc(data, packet, header, length, scratch, 0, c.twccId());
            } else {
                MemorySegment.copy(data, packet, scratch, 0, length);
            }
            rewrite.set(c.ssrc(), outSeq, outTs, c.payloadType(), c.keepExtensions());
            written = length + growth;
        }
        rewrite.vp8(pictureIdAt, pictureId, tl0PicIdxAt, tl0PicIdx);
        rewrite.grown = growth;
        int twccId = plan != RtpPatch.TWCC_NONE ? c.twccId() : 0;
        if (twccId != 0 || c.absSendTimeId() != 0) {
            rewrite.owned(twccId, twccId != 0 ? to.nextTwccSequence() : 0, c.absSendTimeId(),
                    Forwarder.absSendTime(nowNanos));
        }
        RtpPatch.apply(scratch, 0, rewrite);
        int rtpLength = written;
        written = protect(to, written, false);
        int reason = written < 0 ? -written : egress.sendRaw(scratch, 0, written, to);
        if (reason != 0) {
            if (rewrite.twccId != 0) {
                to.returnTwccSequence(rewrite.twccSequence); // never left: no gap in the transport-wide numbers
            }
            return -reason;
        }
        if (rewrite.twccId != 0) {
            Forwarder.recordSent(to, rewrite.twccSequence, nowNanos, rtpLength);
        }
        return rtpLength;
    }

    private void onKeyFrameRequest(Transport from, int mediaSsrc, boolean isFir, Egress egress, long nowNanos) {
        Consumer c = from.consumerBySsrc(mediaSsrc);
        if (c == null) {
            counters.drop(ForwardDrop.FEEDBACK_UNKNOWN_SSRC);
            return;
        }
        if (!(isFir ? from.options().fir() : from.options().pli())) {
            counters.drop(ForwardDrop.RTCP_NOT_HANDLED);
            return;
        }
        c.counters().keyFrameRequestsReceived().incrementRelease();
        requestKeyFrame(c.source(), egress, nowNanos);
    }

    /** Someone needs a keyframe of this producer: one PLI (or FIR) upstream, throttled across requesters. */
    void requestKeyFrame(Producer producer, Egress egress, long nowNanos) {
        if (producer.codec().video() && producer.keyFrames().request(nowNanos)) {
            sendKeyFrameRequest(producer, egress);
        }
    }

    private void sendKeyFrameRequest(Producer producer, Egress egress) {
        if (producer.ssrc() == 0) {
            return; // an encoding known by RID that has not sent yet: nothing to name in the request
        }
        Transport t = producer.transport();
        if (!reachable(t, egress)) {
            return;
        }
        writer.wrap(scratch, 0, SCRATCH);
        writeReceiverReport(t, 0);
        if (t.options().pli() || !t.options().fir()) {
            writer.pli(t.rtcpSsrc(), producer.ssrc());
        } else {
            firSsrc[0] = producer.ssrc();
            firSequence[0] = producer.keyFrames().firSequence();
            writer.fir(t.rtcpSsrc(), firSsrc, firSequence, 1);
        }
        if (send(t, egress)) {
            producer.counters().keyFrameRequests().incrementRelease();
        }
    }

    /** Timers of the agent's housekeeping: upstream NACKs, keyframe retries, receiver reports. */
    void housekeeping(RoutingTable table, Egress egress, long nowNanos) {
        boolean nackRound = nowNanos - nextNackRound >= 0;
        boolean reportRound = nowNanos - nextReports >= 0;
        if (!nackRound && !reportRound) {
            return;
        }
        if (nackRound) {
            nextNackRound = nowNanos + NACK_INTERVAL_NANOS;
        }
        if (reportRound) {
            nextReports = nowNanos + REPORT_INTERVAL_NANOS;
        }
        List<Transport> transports = table.transports();
        for (int i = 0; i < transports.size(); i++) {
            Transport t = transports.get(i);
            Producer[] producers = t.producers();
            if (producers.length == 0) {
                continue;
            }
            if (nackRound) {
                io.xsfu.rtp.TransportWideArrivals arrivals = t.arrivals();
                if (arrivals != null && arrivals.due(nowNanos) && reachable(t, egress)) {
                    sendTransportFeedback(t, arrivals, egress, nowNanos);
                }
                for (Producer p : producers) {
                    nackUpstream(p, egress, nowNanos);
                    if (p.keyFrames().poll(nowNanos) || p.nack().takeKeyFrameRequest()) {
                        sendKeyFrameRequest(p, egress);
                    }
                }
            }
            if (reportRound && reachable(t, egress)) {
                writer.wrap(scratch, 0, SCRATCH);
                writeReceiverReport(t, nowNanos);
                send(t, egress);
            }
        }
    }

    /** Transport-wide feedback to a publisher about when its packets arrived (its media SSRC: any of its streams). */
    private void sendTransportFeedback(Transport t, io.xsfu.rtp.TransportWideArrivals arrivals, Egress egress,
                                       long nowNanos) {
        int mediaSsrc = 0;
        for (Producer p : t.producers()) {
            if (p.ssrc() != 0) {
                mediaSsrc = p.ssrc();
                break;
            }
        }
        writer.wrap(scratch, 0, SCRATCH);
        writeReceiverReport(t, 0);
        if (arrivals.write(writer, t.rtcpSsrc(), mediaSsrc, nowNanos) > 0 && send(t, egress)) {
            counters.transportFeedbackSent.incrementRelease();
        }
    }

    private void nackUpstream(Producer p, Egress egress, long nowNanos) {
        int n = p.nack().collect(nowNanos, lost);
        Transport t = p.transport();
        if (n == 0 || !t.options().nack() || !reachable(t, egress)) {
            return;
        }
        writer.wrap(scratch, 0, SCRATCH);
        writeReceiverReport(t, 0);
        if (writer.nack(t.rtcpSsrc(), p.ssrc(), lost, 0, n) > 0 && send(t, egress)) {
            p.counters().nacksSent().incrementRelease();
        }
    }

    /**
     * An RR from the SFU for the producers of {@code t}: with report blocks from their receive statistics
     * when {@code nowNanos} is given (periodic reports), or bare (heading a feedback compound).
     */
    private void writeReceiverReport(Transport t, long nowNanos) {
        writer.receiverReport(t.rtcpSsrc());
        if (nowNanos == 0) {
            return;
        }
        for (Producer p : t.producers()) {
            ReceiveStatistics s = p.statistics();
            if (!s.valid()) {
                continue;
            }
            writer.reportBlock(p.ssrc(), s.takeFractionLost(), s.cumulativeLost(), (int) s.extendedHighestSeq(),
                    (int) s.jitter(), s.lastSrMiddle(), s.delaySinceLastSr(nowNanos));
        }
    }

    private boolean send(Transport to, Egress egress) {
        int length = protect(to, writer.length(), true);
        if (length < 0) {
            counters.drop(-length);
            return false;
        }
        int reason = egress.sendRaw(scratch, 0, length, to);
        if (reason != 0) {
            counters.drop(reason);
            return false;
        }
        counters.rtcpSent.incrementRelease();
        return true;
    }

    /**
     * On a WebRTC transport, encrypts what is in the scratch buffer with the transport's outbound SRTP (RTCP as
     * SRTCP); returns the length to send or minus a drop reason. Elsewhere the packet goes as it is.
     */
    private int protect(Transport to, int length, boolean isRtcp) {
        if (!to.srtpRequired()) {
            return length;
        }
        SrtpSession srtp = to.outboundSrtp();
        if (srtp == null) {
            return -ForwardDrop.SRTP_NOT_READY;
        }
        return isRtcp ? srtp.protectRtcp(scratch, 0, length, SCRATCH) : srtp.protectRtp(scratch, 0, length, SCRATCH);
    }

    private static boolean reachable(Transport t, Egress egress) {
        Endpoint e = t.remote();
        return e.known() && (!egress.needsNextHopMac() || e.nextHopMac() != Endpoint.MAC_UNRESOLVED);
    }

    private static MemorySegment cnameOf(Producer p) {
        return p.cname();
    }

    void close() {
        arena.close();
    }

    static MemorySegment cname(String text) {
        return MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8));
    }
}
