package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * What a UDP payload on a media port is, by its first bytes: the demultiplexing of RFC 7983 (first
 * byte) and, for RTP versus RTCP on one port, RFC 5761 §4 (second byte). Int constants, like
 * {@link DropReason}, so they index counters directly.
 */
public final class PayloadKind {
    /** ZRTP, TURN channels, anything else: not accepted on a media port. */
    public static final int OTHER = 0;
    public static final int STUN = 1;
    public static final int DTLS = 2;
    public static final int RTP = 3;
    public static final int RTCP = 4;
    public static final int COUNT = 5;

    public static final String[] NAMES = {"other", "stun", "dtls", "rtp", "rtcp"};

    private PayloadKind() {
    }

    /**
     * Classifies {@code length} bytes at {@code offset}. RTP and RTCP share first bytes 128..191 (version
     * 2); RTCP packet types 192..223 occupy the byte where RTP has marker + payload type, which is why RTP
     * payload types 64..95 are not used when both share a port. A lone version-2 byte counts as RTP so that
     * it is reported as a truncated RTP packet rather than as unknown.
     */
    public static int classify(MemorySegment s, long offset, int length) {
        if (length <= 0) {
            return OTHER;
        }
        int first = Wire.u8(s, offset);
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (length >= 2) {
                int second = Wire.u8(s, offset + 1);
                if (second >= 192 && second <= 223) {
                    return RTCP;
                }
            }
            return RTP;
        }
        return OTHER;
    }
}
