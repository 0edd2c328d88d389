package io.xsfu.signaling;

import java.util.function.LongSupplier;

/**
 * Requests per second for one connection: the bucket holds up to one second's worth, refills continuously,
 * and each request takes one token. A client may burst a second's worth, then keep the rate. Event-loop only.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final int rate;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, LongSupplier nanoClock) {
        this.rate = ratePerSecond;
        this.nanoClock = nanoClock;
        this.tokens = ratePerSecond;
        this.last = nanoClock.getAsLong();
    }

    boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(rate, tokens + (now - last) * rate / NANOS_PER_SECOND);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
