package io.xsfu.stun;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32;

/**
 * The FINGERPRINT value (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554e, so that a
 * STUN message is told apart from other protocols sharing the port. Segment bytes pass through a fixed scratch
 * array so that nothing is allocated. One instance per thread.
 */
final class Fingerprint {
    static final int XOR = 0x5354554e;
    private static final int CHUNK = 256;

    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[CHUNK];

    int compute(MemorySegment segment, long offset, long length) {
        crc.reset();
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(CHUNK, length - done);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset + done, chunk, 0, n);
            crc.update(chunk, 0, n);
            done += n;
        }
        return (int) crc.getValue() ^ XOR;
    }
}
