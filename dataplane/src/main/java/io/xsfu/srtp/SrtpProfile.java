package io.xsfu.srtp;

/**
 * The SRTP protection profiles xsfu negotiates through DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2), with the
 * lengths that follow from each: the master key and salt that the DTLS key export yields per side, and the
 * bytes each protected packet grows by.
 */
public enum SrtpProfile {
    /** AES-128 counter mode, HMAC-SHA1 tags of 80 bits on SRTP and SRTCP. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    /** As {@link #AES_CM_128_HMAC_SHA1_80} with a 32-bit SRTP tag; SRTCP keeps 80 bits (RFC 5764 §4.1.2). */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10),
    /** AES-128 GCM with a 16-byte tag and a 12-byte salt (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16);

    /** The SRTCP trailer word: E flag and 31-bit index. */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The DTLS use_srtp SRTPProtectionProfile value. */
    public int id() {
        return id;
    }

    /** Master (and session) encryption key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    public boolean aead() {
        return this == AEAD_AES_128_GCM;
    }

    /** Bytes {@code protectRtp} appends: the authentication tag. */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Bytes {@code protectRtcp} appends: the E flag and index word and the tag. */
    public int rtcpOverhead() {
        return rtcpTagLength + SRTCP_INDEX_LENGTH;
    }

    int rtpTagLength() {
        return rtpTagLength;
    }

    int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Whether {@link #ofId} knows a profile id offered in a DTLS use_srtp extension. */
    public static boolean supported(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return true;
            }
        }
        return false;
    }

    /** The profile with a DTLS use_srtp id; control path. */
    public static SrtpProfile ofId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        throw new IllegalArgumentException("unsupported SRTP protection profile 0x" + Integer.toHexString(id));
    }
}
