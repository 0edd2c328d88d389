package io.xsfu.rtp;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Real RTP payloads (the bytes after the 12-byte RTP header), captured once from GStreamer 1.22 and kept as hex
 * so that unit tests need no encoder. Each was made from three 64x48 frames of {@code videotestsrc pattern=ball}:
 * <pre>
 * S="videotestsrc num-buffers=3 pattern=ball ! video/x-raw,width=64,height=48,framerate=30/1"
 * gst-launch-1.0 $S ! vp8enc ! rtpvp8pay mtu=200 picture-id-mode=15-bit ! rtpstreampay ! filesink location=vp8.rtp
 * gst-launch-1.0 $S ! vp9enc ! rtpvp9pay mtu=200 ! rtpstreampay ! filesink location=vp9.rtp
 * gst-launch-1.0 $S ! openh264enc ! rtph264pay mtu=200 config-interval=-1 aggregate-mode=zero-latency \
 *     ! rtpstreampay ! filesink location=h264.rtp
 * gst-launch-1.0 $S ! av1enc cpu-used=8 usage-profile=realtime ! av1parse \
 *     ! video/x-av1,stream-format=obu-stream,alignment=tu ! filesink location=av1.obu
 * </pre>
 * and split at the RFC 4571 length prefixes. Long payloads are cut after 48 bytes (keyframe detection reads only
 * their start). GStreamer 1.22 has no AV1 payloader, so the AV1 entries are libaom's OBUs (with their size
 * fields, as av1parse emits them) and {@link #av1Packet} packetizes them the way the AV1 RTP specification says.
 */
final class CapturedPayloads {
    /** Packet 1 of 3 of the keyframe: X=1 S=1 PID=0, 15-bit picture id 0x0472, frame tag 0x900c00 (P=0), start code. */
    static final byte[] VP8_KEY_START = hex("90808472900c009d012a400030000047088585888584880202004f3bfd1be4079caf24c7c9ff25ff28348c7e4a7e4943");
    /** Packet 2 of the keyframe: S=0. */
    static final byte[] VP8_KEY_MIDDLE = hex("808084720715f187f0f45a7508189367cdd64b24a77501fc58ba806f3ea90ca3f708c52eef574f485fd7da4a89f3c076");
    /** The next frame's first packet: picture id 0x0473, frame tag 0xb10700 (P=1). */
    static final byte[] VP8_DELTA_START = hex("90808473b107000c1010001800e712bd39bfdd0af8e2586064e6c89f5460fda14ec3d100b9a596199f832be7b396a1ad");

    /** Keyframe start: I=0 P=0 L=0 F=0 B=1 E=0 V=1 (scalability structure follows). */
    static final byte[] VP9_KEY_START = hex("0a1800400030010401b124c1a148001f8017b061c120e0c2900007007caff62f500f19e0668ebda000007e49244081fa");
    /** Keyframe end: B=0 E=1. */
    static final byte[] VP9_KEY_END = hex("044cd4232e722b80f94e2885372f8f01c261f17dabf59dd11c55f4d332450f2af561acd19a755c0ee2ee90fd16a7bf8e");
    /** Inter frame in one packet: P=1 B=1 E=1. */
    static final byte[] VP9_DELTA = hex("4cb30020494e1224f00001800000007f09141ebc26f62b62c879795f992d2d83e832693c30946c6afd73e3e4773286e1");

    /** STAP-A with SPS, PPS, SPS, PPS (config-interval=-1 repeats them before the IDR); complete. */
    static final byte[] H264_STAP_A_SPS_PPS = hex("78000d6742d00b8c8d423900f08846a0000468ce3c80000d6742d00b8c8d423900f08846a0000468ce3c80");
    /** FU-A, start of the IDR slice (type 5). */
    static final byte[] H264_FU_A_IDR_START = hex("7c85b80004000009fffff8278a000209ffc00564c7d099dd1cfee24e450efc00564c7f111dd2fb048dbec020605eda3f");
    /** A single non-IDR slice (type 1). */
    static final byte[] H264_NON_IDR = hex("61e0004000be409fcfca609705e67a870bd2186bc0d43c6fd47f070bd01098f6eca5e5905b73fa269b41014e00f6b0d9");
    /** FU-A, start of a non-IDR slice. */
    static final byte[] H264_FU_A_NON_IDR_START = hex("7c81e00080013e40fea784b827374c340c2aa026fc4b07eb7e8091e0799663b704139079a13e380116800e7566e0dc02");

    /**
     * The first temporal unit: temporal delimiter, sequence header (11 bytes), and the first 48 bytes of the
     * KEY_FRAME's frame OBU (589 bytes; its payload starts 0x10: show_existing_frame 0, frame_type 0).
     */
    static final byte[] AV1_TU_KEY = hex("12000a0b20000002aff7f036be408032cd04108080010000dd2b273d34fde47e49a1cb3579595f00b455a4a8aa917d73d1e7945b48acbbb2b8030c8844ac80");
    /** The second temporal unit: temporal delimiter and the start of an INTER_FRAME's frame OBU (payload 0x38). */
    static final byte[] AV1_TU_INTER = hex("120032920338404404080000000000000000002000700030001c000e00000001d0000000dd6df571");

    private CapturedPayloads() {
    }

    /**
     * The first RTP payload of a temporal unit, as the AV1 RTP specification packetizes it: temporal delimiters
     * dropped, size fields removed (obu_has_size_field 0), every OBU but the last preceded by its LEB128 length
     * and W = number of elements (so the last element, a fragment of a long OBU when the TU was cut, runs to the
     * end), N set when the packet starts with a sequence header.
     */
    static byte[] av1Packet(byte[] obuStream) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        int count = 0;
        boolean sequenceHeader = false;
        int i = 0;
        java.util.List<byte[]> obus = new java.util.ArrayList<>();
        while (i < obuStream.length) {
            int header = obuStream[i] & 0xFF;
            int type = (header >>> 3) & 0x0F;
            int headerLength = (header & 0x04) != 0 ? 2 : 1;
            int p = i + headerLength;
            long size = 0;
            int shift = 0;
            while (true) {
                int b = obuStream[p++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            int end = (int) Math.min(obuStream.length, p + size);
            if (type != 2) {
                if (obus.isEmpty() && type == 1) {
                    sequenceHeader = true;
                }
                ByteArrayOutputStream obu = new ByteArrayOutputStream();
                obu.write(header & ~0x02);
                obu.write(obuStream, i + 1, headerLength - 1);
                obu.write(obuStream, p, end - p);
                obus.add(obu.toByteArray());
            }
            i = end;
        }
        for (int k = 0; k < obus.size(); k++) {
            byte[] obu = obus.get(k);
            if (k < obus.size() - 1) {
                writeLeb128(elements, obu.length);
            }
            elements.write(obu, 0, obu.length);
            count++;
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write((count << 4) | (sequenceHeader ? 0x08 : 0));
        packet.writeBytes(elements.toByteArray());
        return packet.toByteArray();
    }

    static void writeLeb128(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
