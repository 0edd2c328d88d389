package io.xsfu.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.testbed.Shell;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability with libsrtp as GStreamer's {@code srtpenc}/{@code srtpdec} (gst-plugins-bad) use it, the
 * library browsers use: each datagram is a file ({@code multifilesink}/{@code multifilesrc} keep packet
 * boundaries), so no network is involved. Opus RTP from GStreamer starts at sequence number 65500 and wraps,
 * so both sides must agree on the rollover counter.
 */
class SrtpGstreamerIT {
    private static final int SSRC = 0x12345678;
    private static final int RTCP_PACKETS = 6;

    @TempDir
    Path dir;

    @BeforeAll
    static void gstreamerHasSrtp() {
        // Fails (not skips) where GStreamer's SRTP elements are missing: ./xsfu installs gstreamer1.0-plugins-bad.
        Shell.run("gst-inspect-1.0", "srtpenc");
        Shell.run("gst-inspect-1.0", "srtpdec");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void xsfuAndLibsrtpUnderstandEachOther(SrtpProfile profile) throws IOException {
        byte[] masterKey = new byte[profile.keyLength()];
        byte[] masterSalt = new byte[profile.saltLength()];
        Random random = new Random(profile.ordinal());
        random.nextBytes(masterKey);
        random.nextBytes(masterSalt);
        String key = TestPackets.HEX.formatHex(masterKey) + TestPackets.HEX.formatHex(masterSalt);

        gst("audiotestsrc", "num-buffers=200", "!", "opusenc", "!", "rtpopuspay", "pt=111", "ssrc=" + SSRC,
                "seqnum-offset=65500", "!", "multifilesink", "location=" + dir.resolve("rtp-%05d.bin"));
        List<byte[]> rtp = read("rtp");
        assertTrue(rtp.size() >= 60, "GStreamer wrote " + rtp.size() + " RTP packets");
        writeRtcp();
        List<byte[]> rtcp = read("rtcp");

        // libsrtp protects, xsfu unprotects.
        gst("multifilesrc", "location=" + dir.resolve("rtp-%05d.bin"), "caps=application/x-rtp", "!",
                "srtpenc", "key=" + key, srtpencCiphers(profile), "!",
                "multifilesink", "location=" + dir.resolve("srtp-%05d.bin"));
        gst("multifilesrc", "location=" + dir.resolve("rtcp-%05d.bin"), "caps=application/x-rtcp", "!",
                "srtpenc", "key=" + key, srtpencCiphers(profile), "!",
                "multifilesink", "location=" + dir.resolve("srtcp-%05d.bin"));
        List<byte[]> srtp = read("srtp");
        List<byte[]> srtcp = read("srtcp");
        assertEquals(rtp.size(), srtp.size());
        assertEquals(RTCP_PACKETS, srtcp.size());

        SrtpSession inbound = new SrtpSession(profile, masterKey, masterSalt);
        SrtpSession outbound = new SrtpSession(profile, masterKey, masterSalt);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(2048);
            for (int i = 0; i < srtp.size(); i++) {
                assertArrayEquals(rtp.get(i), unprotect(inbound, frame, srtp.get(i), false), "RTP packet " + i);
                assertArrayEquals(srtp.get(i), protect(outbound, frame, rtp.get(i), false),
                        "RTP packet " + i + ": the same index under the same key, byte for byte");
            }
            assertEquals(1, inbound.stream(SSRC).rolloverCounter(), "GStreamer's sequence numbers wrapped");
            for (int i = 0; i < srtcp.size(); i++) {
                assertArrayEquals(rtcp.get(i), unprotect(inbound, frame, srtcp.get(i), true), "RTCP packet " + i);
            }
            assertEquals(RTCP_PACKETS, inbound.stream(SSRC).highestSrtcpIndex(), "libsrtp's first index is 1");

            // xsfu protects (a fresh sender, so RTCP indexes start at 0), libsrtp unprotects.
            SrtpSession sender = new SrtpSession(profile, masterKey, masterSalt);
            for (int i = 0; i < rtp.size(); i++) {
                Files.write(dir.resolve(String.format("ours-%05d.bin", i)), protect(sender, frame, rtp.get(i), false));
            }
            for (int i = 0; i < rtcp.size(); i++) {
                Files.write(dir.resolve(String.format("ours-rtcp-%05d.bin", i)), protect(sender, frame, rtcp.get(i), true));
            }
        }
        String caps = srtpdecCaps(profile, key);
        gst("multifilesrc", "location=" + dir.resolve("ours-%05d.bin"), "caps=application/x-srtp," + caps, "!",
                "srtpdec", "!", "multifilesink", "location=" + dir.resolve("decoded-%05d.bin"));
        gst("srtpdec", "name=d", "multifilesrc", "location=" + dir.resolve("ours-rtcp-%05d.bin"),
                "caps=application/x-srtcp," + caps, "!", "d.rtcp_sink", "d.rtcp_src", "!",
                "multifilesink", "location=" + dir.resolve("decoded-rtcp-%05d.bin"));
        assertPacketsEqual(rtp, read("decoded"));
        assertPacketsEqual(rtcp, read("decoded-rtcp"));
    }

    private static byte[] protect(SrtpSession session, MemorySegment frame, byte[] packet, boolean rtcp) {
        MemorySegment.copy(MemorySegment.ofArray(packet), 0, frame, 100, packet.length);
        int n = rtcp ? session.protectRtcp(frame, 100, packet.length, 1900)
                : session.protectRtp(frame, 100, packet.length, 1900);
        assertTrue(n > 0, "protect: " + n);
        return frame.asSlice(100, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] unprotect(SrtpSession session, MemorySegment frame, byte[] packet, boolean rtcp) {
        MemorySegment.copy(MemorySegment.ofArray(packet), 0, frame, 100, packet.length);
        int n = rtcp ? session.unprotectRtcp(frame, 100, packet.length) : session.unprotectRtp(frame, 100, packet.length);
        assertTrue(n > 0, "unprotect: " + (n < 0 ? SrtpDrop.name(-n) : n));
        return frame.asSlice(100, n).toArray(ValueLayout.JAVA_BYTE);
    }

    private static void assertPacketsEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "libsrtp dropped packets it could not unprotect");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "packet " + i);
        }
    }

    private static String srtpencCiphers(SrtpProfile profile) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> "rtp-cipher=aes-128-icm rtp-auth=hmac-sha1-80 rtcp-cipher=aes-128-icm rtcp-auth=hmac-sha1-80";
            case AES_CM_128_HMAC_SHA1_32 -> "rtp-cipher=aes-128-icm rtp-auth=hmac-sha1-32 rtcp-cipher=aes-128-icm rtcp-auth=hmac-sha1-80";
            case AEAD_AES_128_GCM -> "rtp-cipher=aes-128-gcm rtp-auth=null rtcp-cipher=aes-128-gcm rtcp-auth=null";
        };
    }

    private static String srtpdecCaps(SrtpProfile profile, String key) {
        String ciphers = srtpencCiphers(profile).replace("rtp-", "srtp-").replace("rtcp-", "srtcp-")
                .replace("=", "=(string)").replace(' ', ',');
        return "ssrc=(uint)" + Integer.toUnsignedString(SSRC) + ",srtp-key=(buffer)" + key + "," + ciphers;
    }

    /** Receiver reports and a sender report from the RTP stream's SSRC, of several lengths. */
    private void writeRtcp() throws IOException {
        for (int i = 0; i < RTCP_PACKETS; i++) {
            byte[] rr = TestPackets.rtcp(SSRC, i);
            if (i == RTCP_PACKETS - 1) {
                rr[1] = (byte) 200;
            }
            Files.write(dir.resolve(String.format("rtcp-%05d.bin", i)), rr);
        }
    }

    private List<byte[]> read(String prefix) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = dir.resolve(String.format("%s-%05d.bin", prefix, i));
            if (!Files.exists(p)) {
                return packets;
            }
            packets.add(Files.readAllBytes(p));
        }
    }

    private static void gst(String... pipeline) {
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        for (String element : pipeline) {
            command.addAll(element.contains(" ") && !element.contains("caps=") ? Arrays.asList(element.split(" "))
                    : List.of(element));
        }
        Shell.run(command);
    }
}
