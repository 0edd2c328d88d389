package io.xsfu.layers;

import io.xsfu.rtp.Serial;

/**
 * How the RTP clocks of one simulcast producer's encodings relate. They run at the same rate from one capture
 * clock but each starts at its own random offset, so a frame switched to from another encoding needs its
 * timestamp shifted by the difference. Each encoding's sender report pairs an RTP timestamp with the sender's
 * wall clock (NTP); two reports give the difference exactly. Owned by the agent, per producer; no allocation.
 */
public final class EncodingClocks {
    private final int clockRate;
    private final boolean[] known;
    private final int[] rtp;
    private final long[] wallNanos;

    public EncodingClocks(int encodings, int clockRate) {
        if (encodings <= 0 || clockRate <= 0) {
            throw new IllegalArgumentException("encodings=" + encodings + " clockRate=" + clockRate);
        }
        this.clockRate = clockRate;
        this.known = new boolean[encodings];
        this.rtp = new int[encodings];
        this.wallNanos = new long[encodings];
    }

    /** A sender report of {@code encoding}: its RTP clock read {@code rtpTimestamp} at the sender's {@code wallNanos}. */
    public void senderReport(int encoding, int rtpTimestamp, long wallNanos) {
        if (encoding < 0 || encoding >= known.length) {
            return;
        }
        known[encoding] = true;
        rtp[encoding] = rtpTimestamp;
        this.wallNanos[encoding] = wallNanos;
    }

    public boolean known(int encoding) {
        return encoding >= 0 && encoding < known.length && known[encoding];
    }

    /**
     * How far the RTP clock of {@code to} is ahead of that of {@code from} at the same instant (mod 2^32): a
     * timestamp t of {@code from} is t + offset on {@code to}'s clock. Only meaningful when both are {@link #known}.
     */
    public int offset(int from, int to) {
        long wall = wallNanos[to] - wallNanos[from];
        long ticks = wall >= 0 ? Serial.ticks(wall, clockRate) : -Serial.ticks(-wall, clockRate);
        return (int) (rtp[to] - rtp[from] - ticks);
    }
}
