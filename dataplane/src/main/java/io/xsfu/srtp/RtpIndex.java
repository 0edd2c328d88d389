package io.xsfu.srtp;

/**
 * The 48-bit SRTP packet index ({@code ROC << 16 | SEQ}) of a received sequence number, guessed from the
 * highest index seen so far (RFC 3711 §3.3.1, Appendix A), exactly as libsrtp guesses it, since both ends
 * must agree on the rollover counter for the tag to verify: while the highest index is at most 2^15 the
 * rollover counter is taken as 0 (a jump back across 0 early in a stream is not read as rollover -1);
 * afterwards the guess is the index closest to the highest one.
 */
final class RtpIndex {
    private static final int HALF = 0x8000;
    private static final int SEQ_MODULUS = 0x10000;

    private RtpIndex() {
    }

    static long estimate(long highest, int seq) {
        if (highest <= HALF) {
            return seq;
        }
        long roc = highest >>> 16;
        int highestSeq = (int) (highest & 0xFFFF);
        if (highestSeq < HALF) {
            if (seq - highestSeq > HALF) {
                roc--;
            }
        } else if (highestSeq - HALF > seq) {
            roc++;
        }
        return roc * SEQ_MODULUS + seq;
    }
}
