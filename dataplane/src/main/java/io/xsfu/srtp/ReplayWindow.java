package io.xsfu.srtp;

/**
 * A sliding window over packet indexes (RFC 3711 §3.3.2): the highest index accepted and a 64-bit map of
 * the 64 indexes at and below it. Starts at index 0 with nothing seen, as libsrtp does, so the first packet
 * of a stream is accepted whatever its index.
 */
final class ReplayWindow {
    static final int SIZE = Long.SIZE;

    private long highest;
    /** Bit {@code d} set: index {@code highest - d} was accepted. */
    private long seen;

    long highest() {
        return highest;
    }

    /** 0 if {@code index} may be accepted, else {@link SrtpDrop#REPLAYED} or {@link SrtpDrop#TOO_OLD}. */
    int check(long index) {
        long behind = highest - index;
        if (behind < 0) {
            return 0;
        }
        if (behind >= SIZE) {
            return SrtpDrop.TOO_OLD;
        }
        return (seen & (1L << behind)) != 0 ? SrtpDrop.REPLAYED : 0;
    }

    /** Records an accepted index; one behind the window changes nothing. */
    void accept(long index) {
        long ahead = index - highest;
        if (ahead > 0) {
            seen = ahead >= SIZE ? 1 : (seen << ahead) | 1;
            highest = index;
        } else if (-ahead < SIZE) {
            seen |= 1L << -ahead;
        }
    }
}
