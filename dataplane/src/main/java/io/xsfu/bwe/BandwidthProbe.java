package io.xsfu.bwe;

/**
 * What one probe showed, in the manner of WebRTC's probe bitrate estimator. While a probe is on, the SFU sends
 * more than the media needs (RTX duplicates); every packet sent from its start to its end belongs to it, media
 * included. From the feedback about those packets: the rate they were sent at (their send span, less the last
 * packet's size, which left at the end of the span) and the rate they arrived at (their arrival span, less the
 * first arrival's size); the link carries at least the lower of the two. An arrival rate well below the send rate
 * means the probe filled the link: then the link's rate is a little below what arrived. Far more arriving than
 * was sent is a broken measurement and says nothing.
 *
 * <p>A probe is open from {@link #start} until the estimator settles it: when feedback reports a packet sent after
 * {@link #end} (everything of the probe has been reported by then, reordering aside), when feedback comes
 * {@link #FEEDBACK_WAIT_NANOS} after the end, or when overuse or loss stop it early. Allocation free.
 */
final class BandwidthProbe {
    /** Fewer received packets measure a burst, not a rate. */
    static final int MIN_RECEIVED = 10;
    /** The probe's own loss above this (over at least {@link #MIN_REPORTED} packets) stops it. */
    static final double MAX_LOSS = 0.05;
    static final int MIN_REPORTED = 20;
    private static final double MAX_ARRIVAL_TO_SEND = 2.0;
    private static final double SATURATED_BELOW = 0.9;
    private static final double SATURATED_UTILIZATION = 0.95;
    static final long FEEDBACK_WAIT_NANOS = 1_000_000_000L;

    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int ENDED = 2;

    private int state = IDLE;
    private long targetBps;
    private long start;
    private long end;
    private boolean reportedAfterEnd;
    private boolean raised;

    private int received;
    private int lost;
    private long bytes;
    private long firstSend;
    private long lastSend;
    private int lastSendSize;
    private long firstArrival;
    private long lastArrival;
    private int firstArrivalSize;

    void start(long targetBps, long nowNanos) {
        state = SENDING;
        this.targetBps = targetBps;
        start = nowNanos;
        end = Long.MAX_VALUE;
        reportedAfterEnd = false;
        raised = false;
        received = 0;
        lost = 0;
        bytes = 0;
    }

    void end(long nowNanos) {
        if (state == SENDING) {
            state = ENDED;
            end = nowNanos;
        }
    }

    void close() {
        state = IDLE;
    }

    boolean open() {
        return state != IDLE;
    }

    boolean sending() {
        return state == SENDING;
    }

    long targetBps() {
        return targetBps;
    }

    void raised() {
        raised = true;
    }

    /** Takes the probe's packets from one feedback; returns how many there were. */
    int add(PacketResults results) {
        int n = 0;
        for (int i = 0; i < results.count(); i++) {
            long send = results.sendNanos(i);
            if (send > end) {
                reportedAfterEnd = true;
                continue;
            }
            if (send < start) {
                continue;
            }
            n++;
            if (!results.received(i)) {
                lost++;
                continue;
            }
            int size = results.size(i);
            long arrival = results.arrivalNanos(i);
            if (received == 0) {
                firstSend = send;
                lastSend = send;
                lastSendSize = size;
                firstArrival = arrival;
                lastArrival = arrival;
                firstArrivalSize = size;
            } else {
                firstSend = Math.min(firstSend, send);
                if (send >= lastSend) {
                    lastSend = send;
                    lastSendSize = size;
                }
                if (arrival < firstArrival) {
                    firstArrival = arrival;
                    firstArrivalSize = size;
                }
                lastArrival = Math.max(lastArrival, arrival);
            }
            received++;
            bytes += size;
        }
        return n;
    }

    boolean lossy() {
        int reported = received + lost;
        return reported >= MIN_REPORTED && lost > MAX_LOSS * reported;
    }

    /** The rate the path carried the probe's packets at, or -1 while that cannot be told. */
    long bitsPerSecond() {
        if (received < MIN_RECEIVED) {
            return -1;
        }
        long sendSpan = lastSend - firstSend;
        long arrivalSpan = lastArrival - firstArrival;
        if (sendSpan <= 0 || arrivalSpan <= 0) {
            return -1;
        }
        double sendRate = (bytes - lastSendSize) * 8e9 / sendSpan;
        double arrivalRate = (bytes - firstArrivalSize) * 8e9 / arrivalSpan;
        if (arrivalRate > MAX_ARRIVAL_TO_SEND * sendRate) {
            return -1;
        }
        if (arrivalRate < SATURATED_BELOW * sendRate) {
            return (long) (SATURATED_UTILIZATION * arrivalRate);
        }
        return (long) Math.min(sendRate, arrivalRate);
    }

    /** Ended, and everything it sent has been reported (or will not be any more). */
    boolean complete(long nowNanos) {
        return state == ENDED && (reportedAfterEnd || nowNanos - end >= FEEDBACK_WAIT_NANOS);
    }

    /** The outcome of a probe that neither overuse nor loss stopped. */
    int cleanOutcome() {
        if (raised) {
            return ProbeOutcome.RAISED;
        }
        return received + lost == 0 ? ProbeOutcome.NO_FEEDBACK : ProbeOutcome.NOT_RAISED;
    }
}
