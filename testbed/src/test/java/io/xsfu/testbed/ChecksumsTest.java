package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (with end-around carry); the checksum is its complement.
        byte[] b = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0xffff - 0xddf2, Checksums.internet(b, 0, b.length));
    }

    @Test
    void ipv4HeaderChecksumOfAKnownHeader() {
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, Checksums.internet(h, 0, h.length));
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertEquals(0, Checksums.internet(h, 0, h.length), "a header with its checksum sums to zero");
    }

    @Test
    void oddLengthIsPaddedWithAZeroByte() {
        byte[] odd = {0x12, 0x34, 0x56};
        byte[] even = {0x12, 0x34, 0x56, 0x00};
        assertEquals(Checksums.internet(even, 0, 4), Checksums.internet(odd, 0, 3));
    }

    @Test
    void udpChecksumOfAHandComputedDatagram() {
        // 10.0.0.1:1000 -> 10.0.0.2:2000, payload "ab". Pseudo-header words: 0a00 0001 0a00 0002 0011 000a;
        // UDP words: 03e8 07d0 000a 0000 6162. They sum to 0x8142 (no carry), so the checksum is 0x7ebd.
        byte[] src = {10, 0, 0, 1};
        byte[] dst = {10, 0, 0, 2};
        byte[] udp = HexFormat.of().parseHex("03e807d0000a00006162");
        assertEquals(0x7ebd, Checksums.udpIpv4(src, dst, udp, 0, udp.length));
    }
}
