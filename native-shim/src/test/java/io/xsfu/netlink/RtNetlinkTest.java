package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** The error side of the exchange: how the kernel's extended acknowledgements are read. */
class RtNetlinkTest {
    private final Arena arena = Arena.ofAuto();

    private MessageCursor single(Datagram d) {
        MessageCursor m = new MessageCursor().wrap(d.segment(arena), d.bytes().length);
        assertTrue(m.next());
        return m;
    }

    @Test
    void cappedErrorCarriesTheKernelsReasonAfterTheEchoedHeader() {
        // nlmsgerr: error -22, echoed request header (16 bytes, of a 40-byte request), then NLMSGERR_ATTR_MSG.
        byte[] body = Datagram.body().u32(-22)
                .u32(40).u16(30).u16(1).u32(7).u32(0)
                .attrString(NetlinkHeader.NLMSGERR_ATTR_MSG, "No device specified")
                .attrU32(2, 28) // NLMSGERR_ATTR_OFFS
                .build();
        MessageCursor m = single(new Datagram().message(NetlinkHeader.NLMSG_ERROR,
                NetlinkHeader.NLM_F_CAPPED | NetlinkHeader.NLM_F_ACK_TLVS, 7, body));
        assertEquals("No device specified", RtNetlink.extendedAckMessage(m));
    }

    @Test
    void uncappedErrorSkipsTheWholeEchoedRequest() {
        byte[] request = Datagram.body().u32(24).u16(30).u16(1).u32(7).u32(0).u32(0xffff).u32(0xffff).build();
        byte[] body = Datagram.body().u32(-19).bytes(request)
                .attrString(NetlinkHeader.NLMSGERR_ATTR_MSG, "Unknown device ifindex").build();
        MessageCursor m = single(new Datagram().message(NetlinkHeader.NLMSG_ERROR, NetlinkHeader.NLM_F_ACK_TLVS, 7, body));
        assertEquals("Unknown device ifindex", RtNetlink.extendedAckMessage(m));
    }

    @Test
    void anErrorWithoutTlvsHasNoReason() {
        byte[] body = Datagram.body().u32(-2).u32(16).u16(30).u16(1).u32(7).u32(0).build();
        MessageCursor m = single(new Datagram().message(NetlinkHeader.NLMSG_ERROR, NetlinkHeader.NLM_F_CAPPED, 7, body));
        assertNull(RtNetlink.extendedAckMessage(m));
    }

    @Test
    void anEchoedLengthPointingOutsideTheMessageIsIgnored() {
        byte[] body = Datagram.body().u32(-22).u32(4000).u16(30).u16(1).u32(7).u32(0).build();
        MessageCursor m = single(new Datagram().message(NetlinkHeader.NLMSG_ERROR, NetlinkHeader.NLM_F_ACK_TLVS, 7, body));
        assertNull(RtNetlink.extendedAckMessage(m));
    }

    @Test
    void aFailedDumpsDoneCarriesItsReasonAfterTheErrorCode() {
        byte[] body = Datagram.body().u32(-22)
                .attrString(NetlinkHeader.NLMSGERR_ATTR_MSG, "Invalid values in header for neighbor dump request")
                .build();
        MessageCursor m = single(new Datagram().message(NetlinkHeader.NLMSG_DONE,
                NetlinkHeader.NLM_F_MULTI | NetlinkHeader.NLM_F_ACK_TLVS, 7, body));
        assertEquals("Invalid values in header for neighbor dump request", RtNetlink.doneMessage(m));
    }
}
