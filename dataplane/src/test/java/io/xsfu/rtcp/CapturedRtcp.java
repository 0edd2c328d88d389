package io.xsfu.rtcp;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/**
 * Real RTCP from GStreamer 1.22's rtpbin, captured once by hand and kept as hex (UDP payloads) so that unit
 * tests need no network. How (as root; two throw-away namespaces {@code xsfu-rtcpa-R}, {@code xsfu-rtcpb-R}
 * joined by a veth pair, 10.78.0.1/24 on A, 10.78.0.2/24 on B, static neighbours, deleted afterwards):
 * <pre>
 * TWCC=http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
 * ip netns exec B tcpdump -i vB -w rtcp.pcap udp port 5005 or udp port 5007 &amp;
 * ip netns exec B gst-launch-1.0 -e rtpbin name=rb rtp-profile=avpf do-retransmission=true \
 *   udpsrc port=5004 caps="application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=96,\
 *     rtcp-fb-nack-pli=(boolean)true,rtcp-fb-nack=(boolean)true[,extmap-1=(string)$TWCC]" ! rb.recv_rtp_sink_0 \
 *   rb. ! rtpvp8depay request-keyframe=true ! vp8dec ! fakesink \
 *   udpsrc port=5005 ! rb.recv_rtcp_sink_0 rb.send_rtcp_src_0 ! udpsink host=10.78.0.1 port=5007 sync=false async=false
 * ip netns exec A gst-launch-1.0 -e rtpbin name=rb rtp-profile=avpf \
 *   videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=F/1 ! vp8enc deadline=1 \
 *   ! rtpvp8pay ssrc=287454020 pt=96 ! application/x-rtp[,extmap-1=(string)$TWCC] ! rb.send_rtp_sink_0 \
 *   rb.send_rtp_src_0 ! identity drop-probability=D ! udpsink host=10.78.0.2 port=5004 \
 *   rb.send_rtcp_src_0 ! udpsink host=10.78.0.2 port=5005 sync=false async=false \
 *   udpsrc port=5007 ! rb.recv_rtcp_sink_0
 * </pre>
 * Runs: "basic" (F=30, D=0, no TWCC), "heavy" (F=10, D=0.25, TWCC on both sides), "loss" (F=30, D=0.05,
 * TWCC), "fir" (F=30, D=0.1, {@code rtcp-fb-ccm-fir=(boolean)true} instead of nack-pli, SIGINT to the
 * sender for its BYE). The sender's SSRC is 0x11223344; {@code tcpdump -vv -T rtcp} on the pcap showed the
 * counts, loss and jitter the tests assert.
 */
final class CapturedRtcp {
    /**
     * "basic", sender: SR 0x11223344, NTP 0xeeb188cf5ef6b5d4, RTP 3593888116, 13 packets, 14104 octets, no
     * blocks; SDES CNAME "user2634064760@host-d8fb4748", TOOL "GStreamer".
     */
    static final String SR_SDES = """
            80c8000611223344eeb188cf5ef6b5d4d63661740000000d0000371881ca000c
            11223344011c757365723236333430363437363040686f73742d643866623437
            343806094753747265616d6572000000
            """;

    /**
     * "basic", receiver: RR 0xe124a096 with one block on 0x11223344: fraction 0, cumulative lost -1 (one
     * duplicate), highest 23477, jitter 21, LSR 0x88cf5ef6 (the middle of {@link #SR_SDES}'s NTP), DLSR 24013
     * (0.366 s); SDES CNAME "user3999471458@host-4ecebfa6", TOOL "GStreamer".
     */
    static final String RR_SDES = """
            81c90007e124a0961122334400ffffff00005bb50000001588cf5ef600005dcd
            81ca000ce124a096011c757365723339393934373134353840686f73742d3465
            63656266613606094753747265616d6572000000
            """;

    /** "basic", receiver at start: RR without blocks, SDES (CNAME only), PLI 0xe124a096 -> 0x11223344. */
    static final String RR_SDES_PLI = """
            80c90001e124a09681ca0009e124a096011c7573657233393939343731343538
            40686f73742d3465636562666136000081ce0002e124a09611223344
            """;

    /**
     * "heavy": RR 0xa17a0f6f without blocks, SDES CNAME "user176696295@host-e996c6a7", PLI, generic NACK
     * PID 14778 BLP 0x000b (14778, 14779, 14780, 14782 lost).
     */
    static final String RR_SDES_PLI_NACK = """
            80c90001a17a0f6f81ca0009a17a0f6f011b7573657231373636393632393540
            686f73742d653939366336613700000081ce0002a17a0f6f1122334481cd0003
            a17a0f6f1122334439ba000b
            """;

    /**
     * "fir": RR 0x45284e85, SDES CNAME "user3441953170@host-4383c3aa", FIR (media SSRC 0) with one entry
     * 0x11223344 seq 5, generic NACK PID 26660 BLP 0x0005 (26660, 26661, 26663 lost).
     */
    static final String RR_SDES_FIR_NACK = """
            80c9000145284e8581ca000945284e85011c7573657233343431393533313730
            40686f73742d3433383363336161000084ce000445284e850000000011223344
            0500000081cd000345284e851122334468240005
            """;

    /** "fir", the sender's last compound after SIGINT: SR (138 packets, 127057 octets), SDES, BYE 0x11223344. */
    static final String SR_SDES_BYE = """
            80c8000611223344eeb1891e62c1f42b47451fc90000008a0001f05181ca000c
            11223344011c757365723333373330303132393440686f73742d373364396539
            623206094753747265616d657200000081cb000111223344
            """;

    /**
     * "loss": transport-wide feedback 0x4b1a67da -> 0x11223344, base 0, 4 packets, reference time 16, feedback
     * count 0, one run-length chunk (4 x small delta), deltas 123, 2, 4, 0, two bytes of zero padding.
     */
    static final String TWCC_RUN_LENGTH = "8fcd00064b1a67da11223344000000040000100020047b0204000000";

    /** "loss": base 70, 3 packets, reference 46, count 56; one-bit vector 1,0,1; deltas 177, 0. */
    static final String TWCC_ONE_BIT_VECTOR = "8fcd00054b1a67da112233440046000300002e38a800b100";

    /**
     * "heavy": base 19, 12 packets, reference 28, count 6; two-bit vectors 1,0,0,0,2,0,2 and 0,0,2,0,1(,0,0);
     * deltas 126, 400, 399, 407, 1; no padding needed.
     */
    static final String TWCC_TWO_BIT_VECTORS = "8fcd0007a17a0f6f112233440013000c00001c06d022c2107e0190018f019701";

    /**
     * "heavy": base 135, 14 packets, reference 92, count 37; two-bit vectors 1,0,2,0,2,0,2 and 0,2,0,0,2,1,1;
     * deltas 142, 399, 401, 399, 400, 404, 0, 0; three bytes of zero padding.
     */
    static final String TWCC_PADDED = """
            8fcd0009a17a0f6f112233440087000e00005c25d222c8258e018f0191018f01
            9001940000000000
            """;

    private CapturedRtcp() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static MemorySegment segment(String hex) {
        return MemorySegment.ofArray(bytes(hex));
    }

    static String hex(MemorySegment s, long offset, int length) {
        byte[] b = new byte[length];
        MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, b, 0, length);
        return HexFormat.of().formatHex(b);
    }

    static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }
}
