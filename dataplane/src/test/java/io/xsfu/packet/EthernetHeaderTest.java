package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {
    @Test
    void readsTheCapturedHeader() {
        EthernetHeader eth = new EthernetHeader().wrap(MemorySegment.ofArray(CapturedFrames.IPV6_RTP_VP8), 0, 253);
        assertEquals(CapturedFrames.MAC_B, eth.dstMac());
        assertEquals(CapturedFrames.MAC_A, eth.srcMac());
        assertEquals(EthernetHeader.ETHERTYPE_IPV6, eth.etherType());
        assertFalse(eth.tagged());
        assertEquals(EthernetHeader.ETHERTYPE_IPV6, eth.payloadEtherType());
        assertEquals(14, eth.headerLength());
    }

    @Test
    void writesATaggedHeader() {
        byte[] b = new byte[18];
        EthernetHeader eth = new EthernetHeader().wrap(MemorySegment.ofArray(b), 0, b.length);
        eth.dstMac(0xFFEEDDCCBBAAL).srcMac(0x010203040506L).etherType(EthernetHeader.ETHERTYPE_VLAN)
                .vlanTci(0xE00A).vlanEtherType(EthernetHeader.ETHERTYPE_IPV4);
        assertEquals("ffeeddccbbaa" + "010203040506" + "8100" + "e00a" + "0800", HexFormat.of().formatHex(b));
        assertTrue(eth.tagged());
        assertEquals(10, eth.vlanTci() & EthernetHeader.VLAN_ID_MASK);
        assertEquals(EthernetHeader.ETHERTYPE_IPV4, eth.payloadEtherType());
        assertEquals(18, eth.headerLength());
    }
}
