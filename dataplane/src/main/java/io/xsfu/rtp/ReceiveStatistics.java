package io.xsfu.rtp;

/**
 * What the SFU, as the receiver of one producer's stream, reports in its RTCP receiver reports (RFC 3550
 * §6.4.1): the algorithms of appendix A.1 (sequence validity, probation, cycles), A.3 (expected, lost,
 * fraction lost per interval) and A.8 (interarrival jitter), plus the LSR/DLSR bookkeeping of sender reports.
 *
 * <p>A source is valid after {@link #MIN_SEQUENTIAL} packets in sequence (probation); packets before that,
 * and packets far outside the expected range, are not counted ({@link #receive} returns false). A jump is
 * believed when the next packet follows it (the source restarted): counting starts again from there.
 * Duplicates and reordered packets count as received, as in the RFC, so the cumulative loss can go down.
 * Jitter is computed over the packets counted, in arrival order; arrival times are converted to the stream's
 * clock from the first packet's arrival, exactly (no floating point). Feed only original packets, not RTX.
 * Single-threaded; no allocation.
 */
public final class ReceiveStatistics {
    public static final int MIN_SEQUENTIAL = 2;
    public static final int MAX_DROPOUT = 3000;
    public static final int MAX_MISORDER = 100;
    /** The cumulative-lost field is 24-bit signed. */
    public static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    public static final int MIN_CUMULATIVE_LOST = -0x800000;

    private static final int RTP_SEQ_MOD = 1 << 16;

    private final int clockRate;

    private boolean started;
    private long timeBaseNanos;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long discarded;

    private boolean haveTransit;
    private int transit;
    /** Jitter scaled by 16 (A.8's integer form): report {@code jitter16 >> 4}. */
    private long jitter16;

    private boolean haveSr;
    private int lastSrMiddle;
    private long lastSrArrivalNanos;

    public ReceiveStatistics(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * A packet arrived: sequence number, RTP timestamp (raw 32 bits) and arrival time. Returns whether it
     * counts (the source is valid and the number is plausible).
     */
    public boolean receive(int seq, int rtpTimestamp, long arrivalNanos) {
        seq &= Serial.SEQ_MASK;
        if (!started) {
            started = true;
            timeBaseNanos = arrivalNanos;
            initSeq(seq);
            maxSeq = (seq - 1) & Serial.SEQ_MASK;
            probation = MIN_SEQUENTIAL;
        }
        if (!updateSeq(seq)) {
            discarded++;
            return false;
        }
        updateJitter(rtpTimestamp, arrivalNanos);
        return true;
    }

    /**
     * A sender report arrived for this stream: its 64-bit NTP timestamp (seconds in the high word) and when.
     * The next receiver report echoes the middle 32 bits as LSR and the delay since as DLSR.
     */
    public void senderReport(long ntpTimestamp, long arrivalNanos) {
        haveSr = true;
        lastSrMiddle = (int) (ntpTimestamp >>> 16);
        lastSrArrivalNanos = arrivalNanos;
    }

    /** Whether the source passed probation. */
    public boolean valid() {
        return started && probation == 0;
    }

    /** Extended highest sequence number received: cycles in the high 16 bits, as a 32-bit unsigned value. */
    public long extendedHighestSeq() {
        return (cycles + maxSeq) & 0xFFFF_FFFFL;
    }

    public long expected() {
        return valid() ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    public long received() {
        return received;
    }

    /** Packets not counted: during probation, or too far from the expected numbers. */
    public long discarded() {
        return discarded;
    }

    /** Expected minus received since the start, clamped to the report field's 24-bit signed range. */
    public int cumulativeLost() {
        return (int) Math.clamp(expected() - received, MIN_CUMULATIVE_LOST, MAX_CUMULATIVE_LOST);
    }

    /**
     * The fraction lost since the previous call, in 1/256 (0..255; 0 when nothing was lost or more arrived
     * than expected), and starts the next interval: call once per receiver report.
     */
    public int takeFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** Interarrival jitter in timestamp units, as reported. */
    public long jitter() {
        return jitter16 >> 4;
    }

    /** LSR: the middle 32 bits of the last sender report's NTP timestamp, 0 before any. */
    public int lastSrMiddle() {
        return haveSr ? lastSrMiddle : 0;
    }

    /** DLSR: the delay since the last sender report in 1/65536 s, 0 before any. */
    public int delaySinceLastSr(long nowNanos) {
        if (!haveSr) {
            return 0;
        }
        long delay = Math.max(0, nowNanos - lastSrArrivalNanos);
        return (int) Math.min(0xFFFF_FFFFL, Serial.ticks(delay, 65536));
    }

    public int clockRate() {
        return clockRate;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // matches no 16-bit number
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        haveTransit = false;
    }

    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & Serial.SEQ_MASK;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & Serial.SEQ_MASK)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        }
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & Serial.SEQ_MASK;
                return false;
            }
            // Two in sequence after a jump: the source restarted; count from here.
            initSeq(seq);
        }
        received++;
        return true;
    }

    /** A.8: D = (Rj - Ri) - (Sj - Si) via transit times, J += (|D| - J) / 16, all mod 2^32 in clock units. */
    private void updateJitter(int rtpTimestamp, long arrivalNanos) {
        int arrival = (int) Serial.ticks(Math.max(0, arrivalNanos - timeBaseNanos), clockRate);
        int t = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs((long) (t - transit));
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }
}
