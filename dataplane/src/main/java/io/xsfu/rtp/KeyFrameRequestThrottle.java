package io.xsfu.rtp;

/**
 * Turns the keyframe requests of many consumers of one producer into few PLI/FIR messages upstream.
 *
 * <p>{@link #request} (a subscriber sent a PLI/FIR, a consumer started or switched, the NACK list gave up)
 * answers whether to send one now. At most one goes out per {@code minIntervalNanos}. While one is
 * outstanding (sent, no keyframe seen since) further requests are absorbed: the coming keyframe serves them
 * all. A request inside the interval after a keyframe is deferred, and {@link #poll} sends it when the
 * interval is over. If no keyframe arrives within {@code retryAfterNanos} of a request, {@link #poll} sends
 * it again, up to {@code maxRetries} times, then gives up (the next request starts over). Call
 * {@link #keyFrameReceived} for every keyframe the producer sends, and {@link #poll} from the agent's
 * housekeeping. Single-threaded; no allocation.
 */
public final class KeyFrameRequestThrottle {
    public static final long DEFAULT_MIN_INTERVAL_NANOS = 500_000_000L;
    public static final long DEFAULT_RETRY_AFTER_NANOS = 1_000_000_000L;
    public static final int DEFAULT_MAX_RETRIES = 2;

    private final long minIntervalNanos;
    private final long retryAfterNanos;
    private final int maxRetries;

    private boolean everSent;
    private long lastSentNanos;
    private boolean outstanding;
    private boolean deferred;
    private int retries;
    private int firSequence;

    private long sent;
    private long absorbed;
    private long retried;
    private long gaveUp;
    private long keyFrames;

    public KeyFrameRequestThrottle() {
        this(DEFAULT_MIN_INTERVAL_NANOS, DEFAULT_RETRY_AFTER_NANOS, DEFAULT_MAX_RETRIES);
    }

    public KeyFrameRequestThrottle(long minIntervalNanos, long retryAfterNanos, int maxRetries) {
        if (minIntervalNanos < 0 || retryAfterNanos <= 0 || maxRetries < 0) {
            throw new IllegalArgumentException("bad keyframe request limits: interval=" + minIntervalNanos
                    + " retryAfter=" + retryAfterNanos + " maxRetries=" + maxRetries);
        }
        this.minIntervalNanos = minIntervalNanos;
        this.retryAfterNanos = retryAfterNanos;
        this.maxRetries = maxRetries;
    }

    /** Someone needs a keyframe: true if a PLI/FIR should go to the producer now. */
    public boolean request(long nowNanos) {
        if (outstanding) {
            absorbed++;
            return false;
        }
        if (everSent && nowNanos - lastSentNanos < minIntervalNanos) {
            deferred = true;
            absorbed++;
            return false;
        }
        firSequence = (firSequence + 1) & 0xFF;
        send(nowNanos);
        retries = 0;
        return true;
    }

    /** Timers: true if a deferred request or a retry should go to the producer now. */
    public boolean poll(long nowNanos) {
        if (outstanding) {
            if (nowNanos - lastSentNanos < retryAfterNanos) {
                return false;
            }
            if (retries >= maxRetries) {
                outstanding = false;
                gaveUp++;
                return false;
            }
            retries++;
            retried++;
            send(nowNanos);
            return true;
        }
        if (deferred && nowNanos - lastSentNanos >= minIntervalNanos) {
            deferred = false;
            return request(nowNanos);
        }
        return false;
    }

    /** The producer sent a keyframe: every request so far is served. */
    public void keyFrameReceived() {
        keyFrames++;
        outstanding = false;
        deferred = false;
    }

    /** Whether a request is waiting for its keyframe. */
    public boolean outstanding() {
        return outstanding;
    }

    /** The FIR command sequence number (RFC 5104 §4.3.1.1) of the current request: new requests increment it, retries repeat it. */
    public int firSequence() {
        return firSequence;
    }

    /** PLI/FIRs to send that {@link #request} and {@link #poll} returned true for, retries included. */
    public long sent() {
        return sent;
    }

    /** Requests served by one already outstanding or deferred. */
    public long absorbed() {
        return absorbed;
    }

    public long retried() {
        return retried;
    }

    public long gaveUp() {
        return gaveUp;
    }

    public long keyFrames() {
        return keyFrames;
    }

    private void send(long nowNanos) {
        everSent = true;
        lastSentNanos = nowNanos;
        outstanding = true;
        sent++;
    }
}
