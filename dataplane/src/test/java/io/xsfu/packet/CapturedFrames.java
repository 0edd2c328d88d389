package io.xsfu.packet;

import java.util.HexFormat;

/**
 * Real frames, captured once by hand and kept as hex so that unit tests need no network. How they were made
 * (as root; two throw-away namespaces joined by a veth pair, MACs 02:00:00:00:00:0a -> :0b):
 * <pre>
 * ip netns add xsfu-capa-1; ip netns add xsfu-capb-1
 * ip link add vA netns xsfu-capa-1 address 02:00:00:00:00:0a type veth \
 *     peer name vB netns xsfu-capb-1 address 02:00:00:00:00:0b
 * (both up; 10.77.0.1/24 and fd00:77::1/64 on vA, 10.77.0.2/24 and fd00:77::2/64 on vB, static neighbours)
 * ip netns exec xsfu-capa-1 ethtool -K vA tx off     # software checksums: complete, not CHECKSUM_PARTIAL
 * ip netns exec xsfu-capb-1 tcpdump -i vB -w all.pcap udp &
 * ip netns exec xsfu-capa-1 gst-launch-1.0 audiotestsrc num-buffers=1 samplesperbuffer=960 ! opusenc \
 *     ! rtpopuspay ssrc=1111 pt=111 ! udpsink host=10.77.0.2 port=5004
 * ip netns exec xsfu-capa-1 gst-launch-1.0 videotestsrc num-buffers=1 ! video/x-raw,width=64,height=48 \
 *     ! vp8enc ! rtpvp8pay ssrc=3333 pt=96 mtu=300 ! udpsink host=fd00:77::2 port=5006
 * timeout 7 ip netns exec xsfu-capa-1 gst-launch-1.0 rtpbin name=rb audiotestsrc is-live=true ! opusenc \
 *     ! rtpopuspay ssrc=4444 pt=111 ! rb.send_rtp_sink_0 rb.send_rtp_src_0 ! fakesink \
 *     rb.send_rtcp_src_0 ! udpsink host=10.77.0.2 port=5005 sync=false async=false
 * </pre>
 * then the frames were read out of the pcap. {@code tcpdump -vv -T rtp/-T rtcp} on it showed the values the
 * tests assert (ports, lengths, IP ID, "udp sum ok", sequence numbers, timestamps). The last frame was
 * captured the same way but with tx checksum offload left on (the veth default).
 */
final class CapturedFrames {
    /**
     * IPv4, 10.77.0.1:53855 -> 10.77.0.2:5004, TTL 64, ID 40894, DF, total length 293, UDP payload 265:
     * Opus RTP, PT 111, marker, seq 22494, timestamp 3470367609, SSRC 1111, no CSRC/extension/padding.
     */
    static final byte[] IPV4_RTP_OPUS = hex("""
            02000000000b02000000000a0800450001259fbe40004011856d0a4d00010a4d
            0002d25f138c0111e24a80ef57deced99b7900000457f8b50e7d91cc05827572
            48c1edf330e4fc3244559a0eb22341bf71c0d7629492c7235296a73273edb03c
            fbb4bbac96098d0a5a47ec34ed9fdbf0bf9486bb35e23f4209c156cb86395ba5
            c5b32aaf9b795a90fa3cf6723caa903a901b2b75cf577e7b8c68b924943db538
            bcd4f57551503003800066a32ac441d1a8dec6c61a79d8784f38907dd8670232
            d61f63b902884a55aed31e9b57c5aed3eb96b99d11bb9d77bd8f28d2a6f7b3ff
            3e45af7c4eb0f6569a279d03568f6a01fc2a02379b7d9e8efe99bad517386e33
            51abe963fdfab4fd8e3981e10623fca8fa68baa8ec1859ffb4aa117aaa65b60d
            141ad643734b13d8ecbb7411297056d48f8f6d
            """);

    /**
     * IPv6, [fd00:77::1]:44192 -> [fd00:77::2]:5006, hop limit 64, flow label 0xa9c35, payload length 199,
     * UDP payload 191: VP8 RTP, PT 96, marker, seq 30704, timestamp 2197546844, SSRC 3333.
     */
    static final byte[] IPV6_RTP_VP8 = hex("""
            02000000000b02000000000a86dd600a9c3500c71140fd000077000000000000
            000000000001fd000077000000000000000000000002aca0138e00c7db5780e0
            77f082fbe75c00000d0500f879e4259ef615b43e5ddfb53ff1b8948ec872e991
            e1877f029e72bf898880cbff9dfe6e0b67793b4bc60980123e87fb57e8ee6718
            3cb0936062e48ccc4f843f49ff1be0c55c459661739840c1f3e448b62dd14284
            dc6a69bc4a613360f764de946388dcfe9a4ffffdeb7d7abfe30e8ae63ca7cc71
            0b0cff2cff7386eb7f5b3ccd954de84aff523b326aea9ffd5e6ce98bd3bd93aa
            24f59efef5ff93ea8dbffd90440cb6b24d9d3eb6385a9047e4bc2e7800
            """);

    /**
     * IPv4, 10.77.0.1:50994 -> 10.77.0.2:5005, UDP payload 80: compound RTCP from rtpbin, a sender report
     * (PT 200, RC 0, length 6, SSRC 4444) followed by SDES (PT 202, SC 1, length 12).
     */
    static final byte[] IPV4_RTCP_SR_SDES = hex("""
            02000000000b02000000000a08004500006c9fda40004011860a0a4d00010a4d
            0002c732138d0058513880c800060000115ceeb17cb3b77d9557aa81da240000
            007e00004fde81ca000c0000115c011c75736572333930383331353335384068
            6f73742d396236623239626206094753747265616d6572000000
            """);

    /**
     * As {@link #IPV4_RTP_OPUS} (port 53186 -> 5004) but with the sender's checksum offload on: the UDP
     * checksum field is 0x15bf, only the pseudo-header sum; tcpdump reports "bad udp cksum 0x15bf -> 0x4b42".
     * This is what AF_XDP on veth receives.
     */
    static final byte[] IPV4_RTP_PARTIAL_CHECKSUM = hex("""
            02000000000b02000000000a080045000125b2fc40004011722f0a4d00010a4d
            0002cfc2138c011115bf80ef6f5a835a692200000457f8b50e7d91cc05827572
            48c1edf330e4fc3244559a0eb22341bf71c0d7629492c7235296a73273edb03c
            fbb4bbac96098d0a5a47ec34ed9fdbf0bf9486bb35e23f4209c156cb86395ba5
            c5b32aaf9b795a90fa3cf6723caa903a901b2b75cf577e7b8c68b924943db538
            bcd4f57551503003800066a32ac441d1a8dec6c61a79d8784f38907dd8670232
            d61f63b902884a55aed31e9b57c5aed3eb96b99d11bb9d77bd8f28d2a6f7b3ff
            3e45af7c4eb0f6569a279d03568f6a01fc2a02379b7d9e8efe99bad517386e33
            51abe963fdfab4fd8e3981e10623fca8fa68baa8ec1859ffb4aa117aaa65b60d
            141ad643734b13d8ecbb7411297056d48f8f6d
            """);

    static final long MAC_A = 0x02_00_00_00_00_0AL;
    static final long MAC_B = 0x02_00_00_00_00_0BL;
    /** 10.77.0.1 and 10.77.0.2. */
    static final int IPV4_A = 0x0A4D_0001;
    static final int IPV4_B = 0x0A4D_0002;
    /** fd00:77::1 and fd00:77::2 as (high, low). */
    static final long IPV6_HI = 0xFD00_0077_0000_0000L;
    static final long IPV6_A_LO = 1;
    static final long IPV6_B_LO = 2;

    private CapturedFrames() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }
}
