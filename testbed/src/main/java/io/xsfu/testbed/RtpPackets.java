package io.xsfu.testbed;

/**
 * Builds and reads the fixed RTP header (RFC 3550 §5.1) in plain byte arrays, for test traffic and for checking
 * what arrived. Deliberately independent of the dataplane's flyweights, so that tests do not check the SFU's
 * parser against itself.
 */
public final class RtpPackets {
    public static final int HEADER_LENGTH = 12;
    public static final int VERSION = 2;

    private RtpPackets() {
    }

    /** A version-2 packet without CSRCs or extension, followed by {@code payload}. */
    public static byte[] build(long ssrc, int payloadType, int sequence, long timestamp, boolean marker,
                               byte[] payload) {
        byte[] p = new byte[HEADER_LENGTH + payload.length];
        writeHeader(p, 0, VERSION, 0, ssrc, payloadType, sequence, timestamp, marker);
        System.arraycopy(payload, 0, p, HEADER_LENGTH, payload.length);
        return p;
    }

    /** Writes a 12-byte header at {@code offset}; {@code version} and {@code csrcCount} may be invalid on purpose. */
    public static void writeHeader(byte[] p, int offset, int version, int csrcCount, long ssrc, int payloadType,
                                   int sequence, long timestamp, boolean marker) {
        p[offset] = (byte) ((version & 3) << 6 | (csrcCount & 0x0f));
        p[offset + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f));
        Bytes.putShort(p, offset + 2, sequence);
        Bytes.putInt(p, offset + 4, (int) timestamp);
        Bytes.putInt(p, offset + 8, (int) ssrc);
    }

    /**
     * A payload whose bytes derive from {@code index}: the first four bytes are the index, the rest a pattern of
     * it, so a receiver can tell which packet a copy is of and that no byte changed.
     */
    public static byte[] patternPayload(int index, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (index * 31 + i);
        }
        if (size >= 4) {
            Bytes.putInt(b, 0, index);
        }
        return b;
    }

    public static boolean isRtpVersion2(byte[] p) {
        return p.length >= HEADER_LENGTH && (p[0] & 0xc0) == 0x80;
    }

    public static int version(byte[] p) {
        return (p[0] & 0xff) >>> 6;
    }

    public static boolean marker(byte[] p) {
        return (p[1] & 0x80) != 0;
    }

    public static int payloadType(byte[] p) {
        return p[1] & 0x7f;
    }

    public static int sequence(byte[] p) {
        return Bytes.getShort(p, 2);
    }

    public static long timestamp(byte[] p) {
        return Bytes.getInt(p, 4) & 0xffffffffL;
    }

    public static long ssrc(byte[] p) {
        return Bytes.getInt(p, 8) & 0xffffffffL;
    }

    /** The bytes after the fixed header and CSRCs (extensions and padding are not interpreted). */
    public static byte[] payload(byte[] p) {
        int start = HEADER_LENGTH + 4 * (p[0] & 0x0f);
        return java.util.Arrays.copyOfRange(p, Math.min(start, p.length), p.length);
    }
}
