/**
 * SRTP and SRTCP (RFC 3711; AEAD_AES_128_GCM per RFC 7714) for the forwarding agent: an
 * {@link io.xsfu.srtp.SrtpSession} per direction of a WebRTC transport, made from the
 * {@link io.xsfu.srtp.SrtpProfile} and the master key and salt that DTLS-SRTP exports, unprotects what the
 * transport receives or protects what it sends, in place in the packet's segment. Inbound it tracks each
 * SSRC's rollover counter and replay windows ({@link io.xsfu.srtp.SrtpStream}); outbound the rollover
 * counter and the SRTCP index.
 *
 * <p>Per packet: no lock, no exception for bad input (a negated {@link io.xsfu.srtp.SrtpDrop} reason is
 * returned), and no allocation for the AES-CM profiles; the JDK's GCM allocates about 1 KB per packet (see
 * {@code GcmTransform}). The crypto is the JDK's (AES intrinsics, SHA-1), driven through arrays that each
 * session allocates once.
 */
package io.xsfu.srtp;
