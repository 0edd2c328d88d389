package io.xsfu.webrtc.dtls;

/**
 * A look at the DTLS 1.2 records in a datagram (RFC 6347 §4.1) before BouncyCastle sees them. RFC 6347 §4.1.2.7
 * wants invalid records discarded silently, and BouncyCastle does so for a bad MAC, but an encrypted record too short
 * to hold an AEAD nonce and tag makes it fail the whole association (decode_error): one forged datagram from a
 * spoofed address would end a call. No genuine record under our cipher suites (all AES-GCM: an 8-byte explicit nonce
 * and a 16-byte tag) is that short, so such a datagram is dropped here.
 */
final class DtlsRecords {
    static final int HEADER_LENGTH = 13;
    static final int EPOCH_OFFSET = 3;
    static final int LENGTH_OFFSET = 11;
    /** Explicit nonce plus tag of TLS_*_WITH_AES_*_GCM_*: the least an encrypted record carries. */
    static final int MIN_ENCRYPTED_LENGTH = 8 + 16;

    private DtlsRecords() {
    }

    /** False if any complete record header announces an encrypted record shorter than AES-GCM allows. */
    static boolean plausible(byte[] datagram) {
        int offset = 0;
        while (datagram.length - offset >= HEADER_LENGTH) {
            int epoch = u16(datagram, offset + EPOCH_OFFSET);
            int length = u16(datagram, offset + LENGTH_OFFSET);
            if (epoch != 0 && length < MIN_ENCRYPTED_LENGTH) {
                return false;
            }
            offset += HEADER_LENGTH + length;
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
