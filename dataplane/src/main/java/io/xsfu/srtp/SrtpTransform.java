package io.xsfu.srtp;

import java.lang.foreign.MemorySegment;

/**
 * The cryptographic transform of one profile, on a packet whose bounds, header and index the session has
 * already checked. Each implementation copies the packet into its own heap scratch (the JDK's ciphers work on
 * arrays without allocating; on buffers that are not arrays they copy through temporary arrays), works there
 * and copies back only the bytes that change.
 */
interface SrtpTransform {
    /** Bytes of heap scratch beyond the packet: the longest trailer any transform writes (index and MAC). */
    int SCRATCH_SLACK = 64;

    /** Encrypts the payload after {@code headerLength} and appends the tag; returns the SRTP length. */
    int protectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index);

    /** Verifies and decrypts; returns the RTP length or {@code -}{@link SrtpDrop#AUTH_FAILED}. */
    int unprotectRtp(MemorySegment s, long offset, int length, int headerLength, int ssrc, long index);

    /** Encrypts what follows the first 8 bytes, appends E flag, index and tag; returns the SRTCP length. */
    int protectRtcp(MemorySegment s, long offset, int length, int ssrc, int index);

    /**
     * Verifies and decrypts (when the E flag of {@code trailer}, the E flag and index word, is set); returns
     * the RTCP length or {@code -}{@link SrtpDrop#AUTH_FAILED}.
     */
    int unprotectRtcp(MemorySegment s, long offset, int length, int ssrc, int trailer);

    /** Where the E flag and index word sits in an SRTCP packet of {@code length} bytes. */
    int srtcpTrailerOffset(int length);
}
