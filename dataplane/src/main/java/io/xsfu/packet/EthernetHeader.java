package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/** Flyweight over an Ethernet II header, optionally followed by one 802.1Q / 802.1ad tag. */
public final class EthernetHeader extends HeaderFlyweight {
    public static final int DST_MAC_OFFSET = 0;
    public static final int SRC_MAC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;

    /** With a tag, the TPID sits where the EtherType was; the TCI and the real EtherType follow. */
    public static final int VLAN_TCI_OFFSET = 14;
    public static final int VLAN_ETHER_TYPE_OFFSET = 16;
    public static final int VLAN_TAG_LENGTH = 4;
    public static final int TAGGED_HEADER_LENGTH = HEADER_LENGTH + VLAN_TAG_LENGTH;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    /** TCI: priority (3 bits), drop eligible (1 bit), VLAN id (12 bits). */
    public static final int VLAN_ID_MASK = 0x0FFF;


    public EthernetHeader wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        return this;
    }

    public static boolean isVlanTpid(int etherType) {
        return etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ;
    }

    public long dstMac() {
        return Wire.mac(segment, offset + DST_MAC_OFFSET);
    }

    public EthernetHeader dstMac(long mac) {
        Wire.putMac(segment, offset + DST_MAC_OFFSET, mac);
        return this;
    }

    public long srcMac() {
        return Wire.mac(segment, offset + SRC_MAC_OFFSET);
    }

    public EthernetHeader srcMac(long mac) {
        Wire.putMac(segment, offset + SRC_MAC_OFFSET, mac);
        return this;
    }

    /** The outer EtherType: the TPID when the frame is tagged. */
    public int etherType() {
        return Wire.u16(segment, offset + ETHER_TYPE_OFFSET);
    }

    public EthernetHeader etherType(int etherType) {
        Wire.putU16(segment, offset + ETHER_TYPE_OFFSET, etherType);
        return this;
    }

    public boolean tagged() {
        return isVlanTpid(etherType());
    }

    /** The TCI of the tag; only meaningful when {@link #tagged()}. */
    public int vlanTci() {
        return Wire.u16(segment, offset + VLAN_TCI_OFFSET);
    }

    public EthernetHeader vlanTci(int tci) {
        Wire.putU16(segment, offset + VLAN_TCI_OFFSET, tci);
        return this;
    }

    /** The EtherType of what the frame carries: after the tag if there is one. */
    public int payloadEtherType() {
        return tagged() ? Wire.u16(segment, offset + VLAN_ETHER_TYPE_OFFSET) : etherType();
    }

    public EthernetHeader vlanEtherType(int etherType) {
        Wire.putU16(segment, offset + VLAN_ETHER_TYPE_OFFSET, etherType);
        return this;
    }

    public int headerLength() {
        return tagged() ? TAGGED_HEADER_LENGTH : HEADER_LENGTH;
    }
}
