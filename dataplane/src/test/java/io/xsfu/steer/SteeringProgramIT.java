package io.xsfu.steer;

import static io.xsfu.bpf.SteerAbi.FRAGMENT;
import static io.xsfu.bpf.SteerAbi.MALFORMED;
import static io.xsfu.bpf.SteerAbi.NO_SOCKET;
import static io.xsfu.bpf.SteerAbi.PASS_NOT_UDP;
import static io.xsfu.bpf.SteerAbi.PASS_OTHER;
import static io.xsfu.bpf.SteerAbi.STEERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The steering program on a veth, in native and in generic mode: real traffic from another namespace is
 * classified as the program's verdict counters say, everything that is not steered still reaches the
 * kernel, and closing leaves no XDP program behind.
 */
class SteeringProgramIT {
    private static final int MEDIA_MIN = 40000;
    private static final int MEDIA_MAX = 40099;
    private static final int SIGNALING_PORT = 5000;

    @ParameterizedTest
    @EnumSource(value = XdpMode.class, names = {"NATIVE", "SKB"})
    void classifiesRealTrafficAndPassesWhatItDoesNotSteer(XdpMode mode) throws Exception {
        try (SteerTestbed bed = new SteerTestbed()) {
            SteeringProgram program = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, mode));
            try {
                assertEquals(mode.name().toLowerCase(), program.attachMode());
                SteerTestbed.AttachedProgram attached = bed.attachedProgram();
                assertNotNull(attached, "no XDP program on " + SteerTestbed.SFU_IF);
                assertEquals(SteerAbi.PROGRAM_NAME, attached.name());
                assertEquals(mode == XdpMode.SKB, attached.generic());
                if (!program.usesDispatcher()) {
                    assertEquals(program.programId(), attached.id());
                }

                program.configure(MEDIA_MIN, MEDIA_MAX, List.of(bed.sfuV4, bed.sfuV6));
                try (DatagramSocket media = bed.kernelSocket(MEDIA_MIN);
                     DatagramSocket signaling = bed.kernelSocket(SIGNALING_PORT)) {
                    mediaWithoutASocketIsCountedAndStillReachesTheKernel(bed, program, media);
                    otherUdpReachesTheKernel(bed, program, signaling);
                    mediaPortsOnAnotherAddressAreNotMedia(bed, program, media);
                }
                pingIsNotUdp(bed, program);
                malformedFramesAreCountedAndPassed(bed, program);
            } finally {
                program.close();
            }
            assertNull(bed.attachedProgram(), "an XDP program is still attached after close");
            SteerTestbed.awaitProgramGone(program.programId());
        }
    }

    private static void mediaWithoutASocketIsCountedAndStillReachesTheKernel(SteerTestbed bed,
            SteeringProgram program, DatagramSocket media) throws Exception {
        long[] before = program.verdictCounts();
        bed.sendUdp(bed.sfuV4, MEDIA_MIN, "rtp-v4-low");
        bed.sendUdp(bed.sfuV4, MEDIA_MAX, "rtp-v4-high");
        bed.sendUdp(bed.sfuV6, MEDIA_MIN, "rtp-v6");
        SteerTestbed.awaitCounts(program, before, deltas(NO_SOCKET, 3));
        // Passed on, not dropped: the kernel socket on the media port gets what no AF_XDP socket took.
        List<String> received = List.of(SteerTestbed.receive(media), SteerTestbed.receive(media));
        assertTrue(received.containsAll(List.of("rtp-v4-low", "rtp-v6")), received.toString());
    }

    private static void otherUdpReachesTheKernel(SteerTestbed bed, SteeringProgram program, DatagramSocket signaling)
            throws Exception {
        long[] before = program.verdictCounts();
        bed.sendUdp(bed.sfuV4, SIGNALING_PORT, "hello-kernel");
        bed.sendUdp(bed.sfuV4, MEDIA_MIN - 1, "just-below");
        bed.sendUdp(bed.sfuV4, MEDIA_MAX + 1, "just-above");
        SteerTestbed.awaitCounts(program, before, deltas(PASS_OTHER, 3));
        assertEquals("hello-kernel", SteerTestbed.receive(signaling));
    }

    private static void mediaPortsOnAnotherAddressAreNotMedia(SteerTestbed bed, SteeringProgram program,
            DatagramSocket media) throws Exception {
        long[] before = program.verdictCounts();
        bed.sendUdp(bed.sfuOtherV4, MEDIA_MIN, "not-a-media-address");
        SteerTestbed.awaitCounts(program, before, deltas(PASS_OTHER, 1));
        String received = SteerTestbed.receive(media);
        // The kernel socket is bound to all addresses, so it sees this one too, but as the kernel's packet.
        assertEquals("not-a-media-address", received);
    }

    private static void pingIsNotUdp(SteerTestbed bed, SteeringProgram program) throws Exception {
        long[] before = program.verdictCounts();
        for (int i = 0; i < 3; i++) {
            // As root, isReachable is an ICMP echo on a raw socket, made on the cli namespace's thread.
            assertTrue(bed.cli.call(() -> bed.sfuV4.isReachable(2000)), "no echo reply from " + bed.sfuV4);
        }
        // At least the three echo requests; the cli side's IPv6 chatter may add more.
        LongPredicate[] expected = deltas();
        expected[PASS_NOT_UDP] = d -> d >= 3;
        SteerTestbed.awaitCounts(program, before, expected);
    }

    private static void malformedFramesAreCountedAndPassed(SteerTestbed bed, SteeringProgram program)
            throws Exception {
        byte[] dst = RawFrameSender.mac(bed.sfuMac);
        byte[] src = RawFrameSender.mac(bed.cliMac);
        byte[] cli = bed.cliV4.getAddress();
        byte[] sfu = bed.sfuV4.getAddress();
        byte[] rtp = "rtp".getBytes(StandardCharsets.US_ASCII);
        long[] before = program.verdictCounts();
        bed.cli.call(() -> {
            try (RawFrameSender sender = new RawFrameSender(SteerTestbed.CLI_IF)) {
                // IPv4 ethertype, but the frame ends inside the IP header.
                sender.send(RawFrameSender.ethernet(dst, src, -1, 0x0800, new byte[10]));
                // A whole IPv4 header saying UDP, but the frame ends before the UDP header.
                sender.send(RawFrameSender.ethernet(dst, src, -1, 0x0800,
                        RawFrameSender.ipv4(cli, sfu, 17, 5, 0, new byte[4])));
                // Header length below the minimum of five words.
                sender.send(RawFrameSender.ethernet(dst, src, -1, 0x0800,
                        RawFrameSender.ipv4(cli, sfu, 17, 4, 0, RawFrameSender.udp(9, MEDIA_MIN, rtp))));
                // A later fragment: bytes of some datagram's middle, no UDP header to match.
                sender.send(RawFrameSender.ethernet(dst, src, -1, 0x0800,
                        RawFrameSender.ipv4(cli, sfu, 17, 5, 185, RawFrameSender.udp(9, MEDIA_MIN, rtp))));
                // Media behind an 802.1Q tag is still media.
                sender.send(RawFrameSender.ethernet(dst, src, 42, 0x0800,
                        RawFrameSender.ipv4(cli, sfu, 17, 5, 0, RawFrameSender.udp(9, MEDIA_MIN, rtp))));
                // An Ethernet frame shorter than its own header never reaches XDP; one with an unknown
                // ethertype is simply not UDP.
                sender.send(RawFrameSender.ethernet(dst, src, -1, 0x88b5, new byte[46]));
            }
            return null;
        });
        LongPredicate[] expected = deltas();
        expected[MALFORMED] = d -> d == 3;
        expected[FRAGMENT] = d -> d == 1;
        expected[NO_SOCKET] = d -> d == 1;
        expected[PASS_NOT_UDP] = d -> d >= 1;
        SteerTestbed.awaitCounts(program, before, expected);
    }

    @Test
    void autoPrefersNativeModeOnVeth() throws Exception {
        try (SteerTestbed bed = new SteerTestbed()) {
            try (SteeringProgram program = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.AUTO))) {
                assertEquals("native", program.attachMode());
                assertFalse(bed.attachedProgram().generic());
            }
            assertNull(bed.attachedProgram());
        }
    }

    /** Loopback has no native XDP: AUTO falls back to generic mode, NATIVE refuses. */
    @Test
    void autoFallsBackToSkbWhereTheDriverHasNoNativeXdp() throws Exception {
        try (SteerTestbed bed = new SteerTestbed()) {
            assertThrows(NativeException.class, () -> bed.sfu.call(() -> SteeringProgram.attach("lo", XdpMode.NATIVE)));
            assertFalse(bed.sfu.exec("ip", "-d", "link", "show", "dev", "lo").contains("prog/xdp"));
            try (SteeringProgram program = bed.sfu.call(() -> SteeringProgram.attach("lo", XdpMode.AUTO))) {
                assertEquals("skb", program.attachMode());
                assertTrue(bed.sfu.exec("ip", "-d", "link", "show", "dev", "lo").contains("xdpgeneric"));
            }
            assertFalse(bed.sfu.exec("ip", "-d", "link", "show", "dev", "lo").contains("prog/xdp"));
        }
    }

    @Test
    void closeIsIdempotentAndTheProgramUnusableAfterwards() throws Exception {
        try (SteerTestbed bed = new SteerTestbed()) {
            SteeringProgram program = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.SKB));
            program.close();
            program.close();
            assertNull(bed.attachedProgram());
            assertThrows(IllegalStateException.class, program::verdictCounts);
            assertThrows(IllegalStateException.class, () -> program.configure(1, 2, List.of()));
            // And the interface is free again.
            try (SteeringProgram again = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.SKB))) {
                assertEquals(again.programId(), bed.attachedProgram().id());
            }
        }
    }

    @Test
    void configurationIsValidatedAndReplacesThePreviousOne() throws Exception {
        try (SteerTestbed bed = new SteerTestbed();
             SteeringProgram program = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.SKB))) {
            long[] unconfigured = program.verdictCounts();
            bed.sendUdp(bed.sfuV4, MEDIA_MIN, "before configure, nothing is media");
            SteerTestbed.awaitCounts(program, unconfigured, deltas(PASS_OTHER, 1));

            assertThrows(IllegalArgumentException.class, () -> program.configure(0, 10, List.of(bed.sfuV4)));
            assertThrows(IllegalArgumentException.class, () -> program.configure(20, 10, List.of(bed.sfuV4)));
            assertThrows(IllegalArgumentException.class, () -> program.configure(1, 65536, List.of(bed.sfuV4)));
            List<InetAddress> tooMany = new java.util.ArrayList<>();
            for (int i = 0; i <= SteerAbi.MAX_ADDRS; i++) {
                tooMany.add(InetAddress.getByAddress(new byte[] {10, 99, 0, (byte) i}));
            }
            assertThrows(IllegalArgumentException.class, () -> program.configure(1000, 2000, tooMany));
            assertThrows(IllegalArgumentException.class, () -> program.registerSocket(SteerAbi.MAX_QUEUES, 3));
            assertThrows(IllegalArgumentException.class, () -> program.registerSocket(-1, 3));
            // The kernel takes only AF_XDP sockets into the socket map; anything else is a typed refusal.
            int udp = bed.sfu.call(() -> Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0));
            try {
                assertThrows(NativeException.NotSupportedException.class, () -> program.registerSocket(0, udp));
            } finally {
                Libc.close(udp);
            }
            program.unregisterSocket(0); // nothing registered: nothing to do
            // Exactly the maximum is fine, and replacing it with fewer removes the rest.
            program.configure(1000, 2000, tooMany.subList(0, SteerAbi.MAX_ADDRS));
            program.configure(MEDIA_MIN, MEDIA_MAX, List.of(bed.sfuV4));
            long[] before = program.verdictCounts();
            bed.sendUdp(bed.sfuV4, MEDIA_MIN, "media");
            bed.sendUdp(bed.sfuV6, MEDIA_MIN, "v6 no longer configured");
            bed.sendUdp(bed.sfuV4, 1500, "old range");
            long[] after = SteerTestbed.awaitCounts(program, before, deltas(NO_SOCKET, 1, PASS_OTHER, 2));
            assertEquals(0, after[STEERED]);
        }
    }

    /**
     * Exactly the given (verdict, delta) pairs, every other verdict unchanged, except PASS_NOT_UDP: the cli
     * side's IPv6 stack sends router solicitations and MLD reports on its own schedule.
     */
    private static LongPredicate[] deltas(int... verdictAndDelta) {
        LongPredicate[] expected = exact(0);
        expected[PASS_NOT_UDP] = d -> true;
        for (int i = 0; i < verdictAndDelta.length; i += 2) {
            long delta = verdictAndDelta[i + 1];
            expected[verdictAndDelta[i]] = d -> d == delta;
        }
        return expected;
    }

    private static LongPredicate[] exact(long delta) {
        LongPredicate[] expected = new LongPredicate[SteerAbi.VERDICTS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = d -> d == delta;
        }
        return expected;
    }
}
