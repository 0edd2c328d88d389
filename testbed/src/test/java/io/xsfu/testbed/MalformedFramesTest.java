package io.xsfu.testbed;

import static io.xsfu.testbed.MalformedFrames.ETH_HEADER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MalformedFramesTest {
    private static final int IP = ETH_HEADER;
    private static final int UDP = ETH_HEADER + 20;
    private static final int RTP = UDP + 8;
    private static final long SEED = 42;
    private static final MalformedFrames.Addressing A = MalformedFrames.Addressing.of(
            "02:00:00:00:01:00", "02:00:00:00:00:00", v4("10.1.2.2"), v4("10.1.2.1"),
            40000, 5004, 40001, 0xcafebabeL, 96);

    @Test
    void everyFrameIsAddressedFromClientToServer() {
        for (MalformedKind k : MalformedKind.values()) {
            byte[] f = craft(k, 3);
            assertEquals("020000000000", hex(f, 0, 6), k + " destination MAC");
            assertEquals("020000000100", hex(f, 6, 12), k + " source MAC");
            assertEquals(0x0800, u16(f, 12), k + " EtherType IPv4");
            if (f.length >= IP + 20) {
                assertEquals("0a010202", hex(f, IP + 12, IP + 16), k + " source IP");
                assertEquals("0a010201", hex(f, IP + 16, IP + 20), k + " destination IP");
                assertEquals(17, f[IP + 9], k + " protocol UDP");
                assertEquals(3, u16(f, IP + 4), k + " IPv4 ID is the index");
            }
        }
    }

    @Test
    void truncatedEthernetIsTheBareHeader() {
        byte[] f = craft(MalformedKind.TRUNCATED_ETHERNET, 0);
        assertEquals(14, f.length);
    }

    @Test
    void truncatedIpv4StopsInsideTheHeaderItDescribes() {
        byte[] f = craft(MalformedKind.TRUNCATED_IPV4, 5);
        assertEquals(14 + 12, f.length);
        assertEquals(0x45, f[IP] & 0xff);
        assertEquals(20 + 8 + 12 + MalformedFrames.RTP_PAYLOAD, u16(f, IP + 2), "total length promises more");
        byte[] whole = MalformedFrames.udpFrame(A, 40000, 5, MalformedFrames.rtp(A, 2, 0, 5, MalformedFrames.RTP_PAYLOAD));
        assertArrayEquals(Arrays.copyOf(whole, 26), f);
    }

    @Test
    void badIhlIsTheOnlyDefect() {
        byte[] f = craft(MalformedKind.BAD_IHL, 1);
        assertEquals(0x44, f[IP] & 0xff);
        assertEquals(0, Checksums.internet(f, IP, 20), "checksum valid over the 20 bytes");
        assertEquals(f.length - IP, u16(f, IP + 2));
        assertEquals(40000, u16(f, UDP));
        assertEquals(5004, u16(f, UDP + 2));
        assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
        assertRtp(f, RTP, 2, 0, 1);
    }

    @Test
    void ipv4OptionsCarryARouterAlertAndValidUdp() {
        byte[] f = craft(MalformedKind.IPV4_OPTIONS, 2);
        int udp = IP + 24;
        assertEquals(0x46, f[IP] & 0xff);
        assertEquals("94040000", hex(f, IP + 20, IP + 24));
        assertEquals(0, Checksums.internet(f, IP, 24));
        assertEquals(f.length - IP, u16(f, IP + 2));
        assertEquals(0x4000, u16(f, IP + 6), "DF, not a fragment");
        assertEquals(5004, u16(f, udp + 2));
        assertEquals(f.length - udp, u16(f, udp + 4));
        assertUdpChecksumValid(f, udp, u16(f, udp + 4));
        assertRtp(f, udp + 8, 2, 0, 2);
    }

    @Test
    void firstFragmentHasMoreFragmentsAndAUdpHeaderForTheWholeDatagram() {
        byte[] f = craft(MalformedKind.IPV4_FIRST_FRAGMENT, 0);
        assertEquals(0x2000, u16(f, IP + 6), "MF set, offset 0, DF clear");
        assertEquals(20 + MalformedFrames.FIRST_FRAGMENT_CARRIED, u16(f, IP + 2));
        assertEquals(f.length - IP, u16(f, IP + 2));
        assertEquals(0, Checksums.internet(f, IP, 20));
        assertEquals(5004, u16(f, UDP + 2));
        assertEquals(MalformedFrames.FIRST_FRAGMENT_UDP_LENGTH, u16(f, UDP + 4));
        assertTrue(u16(f, UDP + 4) > f.length - UDP);
        assertRtp(f, RTP, 2, 0, 0);
    }

    @Test
    void nonFirstFragmentLooksLikeUdpToTheMediaPortButHasNoUdpHeader() {
        byte[] f = craft(MalformedKind.IPV4_NON_FIRST_FRAGMENT, 4);
        assertEquals(MalformedFrames.NON_FIRST_FRAGMENT_OFFSET, u16(f, IP + 6), "offset 185 (1480 bytes), MF clear");
        assertEquals(0, Checksums.internet(f, IP, 20));
        assertEquals(f.length - IP, u16(f, IP + 2));
        assertEquals(40000, u16(f, UDP));
        assertEquals(5004, u16(f, UDP + 2));
    }

    @Test
    void udpLengthExceedsTheIpPayload() {
        byte[] f = craft(MalformedKind.UDP_LENGTH_MISMATCH, 0);
        int ipPayload = u16(f, IP + 2) - 20;
        assertEquals(f.length - UDP, ipPayload, "IPv4 total length is true");
        assertEquals(ipPayload + MalformedFrames.UDP_LENGTH_EXCESS, u16(f, UDP + 4));
        assertEquals(0, Checksums.internet(f, IP, 20));
    }

    @Test
    void badIpv4ChecksumDiffersFromTheValidFrameOnlyInTheChecksum() {
        byte[] f = craft(MalformedKind.BAD_IPV4_CHECKSUM, 7);
        byte[] valid = MalformedFrames.udpFrame(A, 40000, 7, MalformedFrames.rtp(A, 2, 0, 7, MalformedFrames.RTP_PAYLOAD));
        assertNotEquals(0, Checksums.internet(f, IP, 20));
        assertEquals(0, Checksums.internet(valid, IP, 20));
        assertEquals(valid.length, f.length);
        for (int i = 0; i < f.length; i++) {
            if (i != IP + 10 && i != IP + 11) {
                assertEquals(valid[i], f[i], "byte " + i);
            }
        }
        assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
    }

    @Test
    void nonRtpPayloadIsValidUdpWhoseFirstByteNoDemultiplexerClaims() {
        for (int i = 0; i < 50; i++) {
            byte[] f = craft(MalformedKind.NON_RTP_PAYLOAD, i);
            int first = f[RTP] & 0xff;
            assertTrue(first >= 80 && first <= 127, "RFC 7983 unassigned range: " + first);
            int payload = f.length - RTP;
            assertTrue(payload >= 20 && payload <= 200, "length " + payload);
            assertEquals(f.length - UDP, u16(f, UDP + 4));
            assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
        }
        assertArrayEquals(craft(MalformedKind.NON_RTP_PAYLOAD, 9), craft(MalformedKind.NON_RTP_PAYLOAD, 9),
                "deterministic for a seed and index");
        assertFalse(Arrays.equals(craft(MalformedKind.NON_RTP_PAYLOAD, 9), craft(MalformedKind.NON_RTP_PAYLOAD, 10)));
        assertFalse(Arrays.equals(craft(MalformedKind.NON_RTP_PAYLOAD, 9),
                MalformedFrames.craft(MalformedKind.NON_RTP_PAYLOAD, A, 9, SEED + 1)));
    }

    @Test
    void rtpBadVersionRotatesThroughEveryVersionButTwo() {
        assertRtp(craft(MalformedKind.RTP_BAD_VERSION, 0), RTP, 0, 0, 0);
        assertRtp(craft(MalformedKind.RTP_BAD_VERSION, 1), RTP, 1, 0, 1);
        assertRtp(craft(MalformedKind.RTP_BAD_VERSION, 2), RTP, 3, 0, 2);
        assertRtp(craft(MalformedKind.RTP_BAD_VERSION, 3), RTP, 0, 0, 3);
        byte[] f = craft(MalformedKind.RTP_BAD_VERSION, 1);
        assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
    }

    @Test
    void csrcCountOverrunsThePacket() {
        byte[] f = craft(MalformedKind.RTP_CSRC_OVERRUN, 6);
        assertRtp(f, RTP, 2, 15, 6);
        assertEquals(12 + 8, f.length - RTP, "60 bytes of CSRCs declared, 8 present");
        assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
    }

    @Test
    void emptyUdpHasNoPayload() {
        byte[] f = craft(MalformedKind.EMPTY_UDP, 0);
        assertEquals(14 + 20 + 8, f.length);
        assertEquals(8, u16(f, UDP + 4));
        assertEquals(28, u16(f, IP + 2));
        assertUdpChecksumValid(f, UDP, 8);
    }

    @Test
    void unknownSourcePortCarriesValidRtp() {
        byte[] f = craft(MalformedKind.UNKNOWN_SOURCE_PORT, 8);
        assertEquals(40001, u16(f, UDP));
        assertEquals(5004, u16(f, UDP + 2));
        assertRtp(f, RTP, 2, 0, 8);
        assertEquals(0, Checksums.internet(f, IP, 20));
        assertUdpChecksumValid(f, UDP, u16(f, UDP + 4));
        byte[] payload = Arrays.copyOfRange(f, RTP + 12, f.length);
        assertArrayEquals(RtpPackets.patternPayload(8, MalformedFrames.RTP_PAYLOAD), payload);
    }

    @Test
    void theUnknownPortMustDifferFromTheRegisteredOne() {
        assertThrows(IllegalArgumentException.class, () -> MalformedFrames.Addressing.of("02:00:00:00:00:01",
                "02:00:00:00:00:02", v4("10.0.0.2"), v4("10.0.0.1"), 4000, 5004, 4000, 1, 96));
    }

    private static void assertRtp(byte[] f, int at, int version, int csrcCount, int index) {
        assertEquals(version, (f[at] & 0xff) >>> 6, "version");
        assertEquals(csrcCount, f[at] & 0x0f, "CSRC count");
        assertEquals(96, f[at + 1] & 0x7f, "payload type");
        assertEquals(index, u16(f, at + 2), "sequence");
        assertEquals(0xcafebabeL, Integer.toUnsignedLong(Bytes.getInt(f, at + 8)), "SSRC");
    }

    /** Zeroing the field and recomputing gives back the field: the checksum covers exactly the datagram. */
    private static void assertUdpChecksumValid(byte[] f, int udp, int length) {
        byte[] copy = f.clone();
        int stored = u16(copy, udp + 6);
        Bytes.putShort(copy, udp + 6, 0);
        assertEquals(stored, Checksums.udpIpv4(v4("10.1.2.2").getAddress(), v4("10.1.2.1").getAddress(), copy, udp,
                length));
    }

    private static byte[] craft(MalformedKind k, int index) {
        return MalformedFrames.craft(k, A, index, SEED);
    }

    private static int u16(byte[] b, int at) {
        return Bytes.getShort(b, at);
    }

    private static String hex(byte[] b, int from, int to) {
        return HexFormat.of().formatHex(b, from, to);
    }

    private static Inet4Address v4(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }
}
