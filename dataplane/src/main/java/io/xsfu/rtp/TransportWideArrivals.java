package io.xsfu.rtp;

import io.xsfu.rtcp.RtcpWriter;
import java.util.Arrays;

/**
 * The receiving side of transport-wide congestion control for one publisher's transport: when each packet with a
 * transport-wide sequence number arrived, reported back as transport-cc feedback (draft-holmer-rmcat-transport-wide-
 * cc-extensions-01) every {@link #INTERVAL_NANOS}. This is what a browser's send-side estimator lives on: without
 * it a publisher stays at its start rate (300 kbit/s in Chromium) and never sends its upper simulcast encodings.
 *
 * <p>Arrivals are kept in a ring of {@link #WINDOW} sequence numbers from the first one not yet reported; numbers
 * between received ones are reported as lost, a packet older than what was reported is not reported again, and a
 * jump beyond the window starts over. Single-threaded (the agent), nothing allocated after construction.
 */
public final class TransportWideArrivals {
    public static final int WINDOW = 1024;
    private static final int MASK = WINDOW - 1;
    /** At most this many packets in one feedback (the rest go in the next): it stays well inside one datagram. */
    public static final int MAX_PER_FEEDBACK = 256;
    /** How often feedback goes out while packets arrive (libwebrtc's default is 100 ms; faster reacts sooner). */
    public static final long INTERVAL_NANOS = 50_000_000L;
    private static final long NOT_RECEIVED = Long.MIN_VALUE;

    private final long[] arrivalMicros = new long[WINDOW];
    private final int[] sequences = new int[MAX_PER_FEEDBACK];
    private final long[] arrivals = new long[MAX_PER_FEEDBACK];
    private boolean started;
    /** Extended sequence number of the first packet not yet reported, and of the highest received. */
    private long base;
    private long highest;
    private int feedbackCount;
    private long lastFeedbackNanos = Long.MIN_VALUE;
    private long received;
    private long feedbackSent;

    public TransportWideArrivals() {
        Arrays.fill(arrivalMicros, NOT_RECEIVED);
    }

    /** A packet with transport-wide sequence number {@code sequence} (16 bits) arrived at {@code nowNanos}. */
    public void received(int sequence, long nowNanos) {
        received++;
        long micros = nowNanos / 1000;
        if (!started) {
            started = true;
            base = sequence & 0xFFFF;
            highest = base;
            arrivalMicros[(int) (base & MASK)] = micros;
            return;
        }
        long ext = highest + (short) (sequence - (int) highest);
        if (ext < base) {
            return; // reported as lost already: a feedback never takes a packet back
        }
        if (ext - base >= WINDOW) {
            // Far ahead (a long gap, or the sender restarted its numbering): what is pending is given up.
            if (ext - highest >= WINDOW) {
                Arrays.fill(arrivalMicros, NOT_RECEIVED);
                base = ext;
                highest = ext; // nothing in between to mark: the whole ring was just cleared
            } else {
                long newBase = ext - WINDOW + 1;
                for (long s = base; s < newBase; s++) {
                    arrivalMicros[(int) (s & MASK)] = NOT_RECEIVED;
                }
                base = newBase;
            }
        }
        if (ext > highest) {
            for (long s = highest + 1; s < ext; s++) {
                arrivalMicros[(int) (s & MASK)] = NOT_RECEIVED;
            }
            highest = ext;
        }
        arrivalMicros[(int) (ext & MASK)] = micros;
    }

    /** Whether a feedback is due: packets are waiting and the interval has passed since the last one. */
    public boolean due(long nowNanos) {
        return started && highest >= base
                && (lastFeedbackNanos == Long.MIN_VALUE || nowNanos - lastFeedbackNanos >= INTERVAL_NANOS);
    }

    /**
     * Appends one transport-wide feedback for what arrived since the last one to {@code writer}; returns its length,
     * or 0 when there was nothing to report (or it could not be written: those packets are then given up).
     */
    public int write(RtcpWriter writer, int senderSsrc, int mediaSsrc, long nowNanos) {
        lastFeedbackNanos = nowNanos;
        int count = 0;
        long s = base;
        long last = base - 1;
        for (; s <= highest && count < MAX_PER_FEEDBACK; s++) {
            long a = arrivalMicros[(int) (s & MASK)];
            if (a != NOT_RECEIVED) {
                sequences[count] = (int) (s & 0xFFFF);
                arrivals[count] = a;
                count++;
                last = s;
            }
        }
        if (count == 0) {
            base = s;
            return 0;
        }
        int bytes = writer.twcc(senderSsrc, mediaSsrc, (int) (base & 0xFFFF), feedbackCount & 0xFF, sequences,
                arrivals, count);
        for (long k = base; k <= last; k++) {
            arrivalMicros[(int) (k & MASK)] = NOT_RECEIVED;
        }
        base = last + 1;
        if (bytes <= 0) {
            return 0;
        }
        feedbackCount++;
        feedbackSent++;
        return bytes;
    }

    /** Packets with a transport-wide number received so far. */
    public long received() {
        return received;
    }

    /** Feedback packets written so far. */
    public long feedbackSent() {
        return feedbackSent;
    }
}
