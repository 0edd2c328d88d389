package io.xsfu.testbed;

/**
 * Reads the VP8 RTP payload descriptor (RFC 7741 §4.2) and the first byte of the VP8 payload header that follows it
 * (§4.3), in plain byte arrays: enough for a test to tell where a frame starts and whether it is a keyframe.
 * Independent of the dataplane's parser, so that tests do not check the SFU against itself.
 */
public final class Vp8Payloads {
    private static final int X = 0x80;
    private static final int S = 0x10;
    private static final int PID = 0x07;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    /** Picture ID: M set means 15 bits in two bytes. */
    private static final int M = 0x80;
    /** VP8 payload header: P is the inverse keyframe flag. */
    private static final int P = 0x01;

    private Vp8Payloads() {
    }

    /**
     * The length of the payload descriptor at the start of {@code payload} (an RTP packet's payload), or -1 when
     * the payload ends inside it.
     */
    public static int descriptorLength(byte[] payload) {
        if (payload.length < 1) {
            return -1;
        }
        int n = 1;
        if ((payload[0] & X) != 0) {
            if (payload.length < 2) {
                return -1;
            }
            int ext = payload[1] & 0xff;
            n = 2;
            if ((ext & I) != 0) {
                if (payload.length <= n) {
                    return -1;
                }
                n += (payload[n] & M) != 0 ? 2 : 1;
            }
            if ((ext & L) != 0) {
                n++;
            }
            if ((ext & (T | K)) != 0) {
                n++;
            }
        }
        return n <= payload.length ? n : -1;
    }

    /** Whether the packet starts a frame: S set and partition index 0. */
    public static boolean startsFrame(byte[] payload) {
        return payload.length >= 1 && (payload[0] & S) != 0 && (payload[0] & PID) == 0;
    }

    /** Whether the packet starts a keyframe: it starts a frame and the payload header's P bit is 0. */
    public static boolean startsKeyFrame(byte[] payload) {
        int n = descriptorLength(payload);
        return n > 0 && n < payload.length && startsFrame(payload) && (payload[n] & P) == 0;
    }

    /** The 15-bit (or 7-bit) picture ID, or -1 when the descriptor carries none. */
    public static int pictureId(byte[] payload) {
        if (payload.length < 3 || (payload[0] & X) == 0 || (payload[1] & I) == 0) {
            return -1;
        }
        if ((payload[2] & M) != 0) {
            return payload.length < 4 ? -1 : ((payload[2] & 0x7f) << 8) | (payload[3] & 0xff);
        }
        return payload[2] & 0x7f;
    }
}
