package io.xsfu.bwe;

import io.xsfu.packet.DropReason;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.TransportFeedback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sender, one bottleneck link and a receiver, in simulated time. The sender paces 1200-byte packets at the
 * estimator's current estimate, stamps each with a transport-wide sequence number and records it in a
 * {@link SendHistory}; packets may be lost at random on the way, then queue at the bottleneck, which drains
 * at its capacity and drops what would wait longer than its buffer allows; they arrive after a propagation
 * delay. Every {@link #FEEDBACK_INTERVAL_NANOS} of its (offset) clock the receiver reports what arrived in
 * the real wire format ({@link RtcpWriter#twcc}); the sender validates and parses it
 * ({@link TransportFeedback}, {@link FeedbackReader}) a propagation delay later and feeds the estimator.
 *
 * <p>The sender may be application-limited (it has no more media than {@link #appLimit}), and may probe
 * ({@link #probe}): it then sends at the probe's target, media and padding alike, until the probe's time is up or
 * the estimator stops it, as the SFU's agent does.
 */
final class LinkSimulator {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    static final int PACKET_BYTES = 1200;
    static final long FEEDBACK_INTERVAL_NANOS = 100 * MS;
    /** The receiver's clock has nothing to do with the sender's: only differences may matter. */
    private static final long RECEIVER_CLOCK_OFFSET_NANOS = 123_456_789 * MS;
    private static final long SAMPLE_INTERVAL_NANOS = 100 * MS;

    record Sample(long nanos, long estimate, long capacity) {
    }

    private record Arrival(int sequence, long nanos) {
    }

    private record Delivery(long nanos, byte[] feedback) {
    }

    final BandwidthEstimator estimator;
    final SendHistory history = new SendHistory();
    final FeedbackReader reader;
    final PacketResults results = new PacketResults();
    final List<Sample> samples = new ArrayList<>();
    private final TransportFeedback feedback = new TransportFeedback();
    private final RtcpWriter writer = new RtcpWriter();
    private final MemorySegment buffer = Arena.ofAuto().allocate(64 * 1024);
    private final int[] sequences = new int[8192];
    private final long[] arrivalMicros = new long[8192];
    private final ArrayDeque<Arrival> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Delivery> feedbackInFlight = new ArrayDeque<>();
    private final Random random;

    private final long propagationNanos;
    private final long bufferNanos;
    private long capacityBps;
    private double lossRate;
    private long appLimitBps = Long.MAX_VALUE;
    private long probeTargetBps;
    private long probeEnd = -1;

    private long now;
    private long nextSend;
    private long nextFeedback = FEEDBACK_INTERVAL_NANOS;
    private long nextSample;
    private long queueFreeAt;
    private int sequence;
    private int nextUnreported = 0;
    private int feedbackCount;
    long sent;
    long droppedAtQueue;
    long lostAtRandom;

    LinkSimulator(BweConfig config, long capacityBps, long propagationNanos, long bufferNanos, long seed) {
        this.estimator = new BandwidthEstimator(config);
        this.reader = new FeedbackReader(estimator.counters());
        this.capacityBps = capacityBps;
        this.propagationNanos = propagationNanos;
        this.bufferNanos = bufferNanos;
        this.random = new Random(seed);
    }

    LinkSimulator capacity(long bps) {
        capacityBps = bps;
        return this;
    }

    LinkSimulator loss(double rate) {
        lossRate = rate;
        return this;
    }

    /** The sender has media for at most {@code bps}: it sends less than the estimate allows. */
    LinkSimulator appLimit(long bps) {
        appLimitBps = bps;
        return this;
    }

    /** From now, sends {@code targetBps} for {@code nanos} (or until the estimator stops the probe). */
    void probe(long targetBps, long nanos) {
        estimator.startProbe(targetBps, now);
        probeTargetBps = targetBps;
        probeEnd = now + nanos;
        nextSend = Math.min(nextSend, now);
    }

    private long sendRate() {
        long media = Math.min(estimator.estimate(), appLimitBps);
        if (probeEnd >= 0 && (now >= probeEnd || !estimator.probing())) {
            estimator.endProbe(now);
            probeEnd = -1;
        }
        return probeEnd >= 0 ? Math.max(media, probeTargetBps) : media;
    }

    long now() {
        return now;
    }

    /** Runs the simulation for {@code nanos} more. */
    void run(long nanos) {
        long end = now + nanos;
        while (true) {
            long deliver = feedbackInFlight.isEmpty() ? Long.MAX_VALUE : feedbackInFlight.peekFirst().nanos();
            long next = Math.min(Math.min(nextSend, nextFeedback), Math.min(deliver, nextSample));
            if (next > end) {
                now = end;
                return;
            }
            now = next;
            if (now == nextSample) {
                samples.add(new Sample(now, estimator.estimate(), capacityBps));
                nextSample += SAMPLE_INTERVAL_NANOS;
            } else if (now == deliver) {
                receiveFeedback(feedbackInFlight.pollFirst().feedback());
            } else if (now == nextFeedback) {
                sendFeedback();
                nextFeedback += FEEDBACK_INTERVAL_NANOS;
            } else {
                sendPacket();
                nextSend += PACKET_BYTES * 8 * SECOND / sendRate();
            }
        }
    }

    private void sendPacket() {
        int seq = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        history.sent(seq, now, PACKET_BYTES);
        sent++;
        if (random.nextDouble() < lossRate) {
            lostAtRandom++;
            return;
        }
        long start = Math.max(now, queueFreeAt);
        if (start - now > bufferNanos) {
            droppedAtQueue++;
            return;
        }
        queueFreeAt = start + PACKET_BYTES * 8 * SECOND / capacityBps;
        inFlight.addLast(new Arrival(seq, queueFreeAt + propagationNanos));
    }

    /** The receiver reports every arrival up to now, and the numbers before them that never came. */
    private void sendFeedback() {
        int count = 0;
        while (!inFlight.isEmpty() && inFlight.peekFirst().nanos() <= now && count < sequences.length) {
            Arrival a = inFlight.pollFirst();
            sequences[count] = a.sequence();
            arrivalMicros[count] = (a.nanos() + RECEIVER_CLOCK_OFFSET_NANOS) / 1_000;
            count++;
        }
        if (count == 0) {
            return;
        }
        writer.wrap(buffer, 0, (int) buffer.byteSize());
        int length = writer.twcc(1, 2, nextUnreported, feedbackCount, sequences, arrivalMicros, count);
        if (length <= 0) {
            throw new IllegalStateException("feedback not encodable: " + length);
        }
        feedbackCount = (feedbackCount + 1) & 0xFF;
        nextUnreported = (sequences[count - 1] + 1) & 0xFFFF;
        byte[] bytes = buffer.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        feedbackInFlight.addLast(new Delivery(now + propagationNanos, bytes));
    }

    private void receiveFeedback(byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        if (TransportFeedback.validate(s, 0, bytes.length) != DropReason.OK) {
            throw new IllegalStateException("own feedback invalid");
        }
        reader.read(feedback.wrap(s, 0, bytes.length), history, results);
        estimator.onTransportFeedback(results, now);
    }

    /** Mean estimate over samples in [from, to). */
    double meanEstimate(long from, long to) {
        return samples.stream().filter(x -> x.nanos() >= from && x.nanos() < to)
                .mapToLong(Sample::estimate).average().orElseThrow();
    }

    long minEstimate(long from, long to) {
        return samples.stream().filter(x -> x.nanos() >= from && x.nanos() < to)
                .mapToLong(Sample::estimate).min().orElseThrow();
    }

    long maxEstimate(long from, long to) {
        return samples.stream().filter(x -> x.nanos() >= from && x.nanos() < to)
                .mapToLong(Sample::estimate).max().orElseThrow();
    }

    /** The first sample time at or after {@code from} whose estimate satisfies the test, or -1. */
    long firstTime(long from, java.util.function.LongPredicate test) {
        for (Sample x : samples) {
            if (x.nanos() >= from && test.test(x.estimate())) {
                return x.nanos();
            }
        }
        return -1;
    }
}
