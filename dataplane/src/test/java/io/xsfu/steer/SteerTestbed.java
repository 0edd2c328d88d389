package io.xsfu.steer;

import io.xsfu.testbed.Netns;
import io.xsfu.testbed.Shell;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two namespaces joined by a veth pair: "sfu" (where the steering program goes, on {@link #SFU_IF}) and
 * "cli" (the sender). A private /24 and /64 chosen per testbed, static neighbour entries both ways, no
 * default route. Closing deletes both namespaces. (No sweep of leftover {@code xsfu-} namespaces here:
 * other test JVMs on the machine may own live ones.)
 */
final class SteerTestbed implements AutoCloseable {
    static final String SFU_IF = "sfu0";
    static final String CLI_IF = "cli0";
    private static final Pattern XDP_PROG = Pattern.compile("prog/xdp id (\\d+) name (\\S+)");

    final Netns sfu;
    final Netns cli;
    /** The SFU's media address, IPv4 and IPv6. */
    final InetAddress sfuV4;
    final InetAddress sfuV6;
    /** A second address on the SFU's interface that is not a media address. */
    final InetAddress sfuOtherV4;
    final InetAddress cliV4;
    final String sfuMac;
    final String cliMac;

    SteerTestbed() throws Exception {
        int net = ThreadLocalRandom.current().nextInt(256);
        String v4 = "10.77." + net + ".";
        String v6 = "fd00:77:" + Integer.toHexString(net) + "::";
        Netns s = Netns.create("sfu");
        Netns c = null;
        try {
            c = Netns.create("cli");
            Netns.veth(s, SFU_IF, c, CLI_IF);
            s.addAddress(SFU_IF, v4 + "1/24");
            s.addAddress(SFU_IF, v4 + "3/24");
            c.addAddress(CLI_IF, v4 + "2/24");
            s.exec("ip", "-6", "addr", "add", v6 + "1/64", "dev", SFU_IF, "nodad");
            c.exec("ip", "-6", "addr", "add", v6 + "2/64", "dev", CLI_IF, "nodad");
            sfuMac = s.mac(SFU_IF);
            cliMac = c.mac(CLI_IF);
            for (String host : new String[] {v4 + "1", v4 + "3", v6 + "1"}) {
                c.exec("ip", "neigh", "replace", host, "lladdr", sfuMac, "dev", CLI_IF, "nud", "permanent");
            }
            s.exec("ip", "neigh", "replace", v4 + "2", "lladdr", cliMac, "dev", SFU_IF, "nud", "permanent");
            s.exec("ip", "neigh", "replace", v6 + "2", "lladdr", cliMac, "dev", SFU_IF, "nud", "permanent");
            sfu = s;
            cli = c;
            sfuV4 = InetAddress.getByName(v4 + "1");
            sfuOtherV4 = InetAddress.getByName(v4 + "3");
            sfuV6 = InetAddress.getByName(v6 + "1");
            cliV4 = InetAddress.getByName(v4 + "2");
        } catch (Exception | Error e) {
            s.close();
            if (c != null) {
                c.close();
            }
            throw e;
        }
    }

    /** Sends one UDP datagram from the cli namespace. */
    void sendUdp(InetAddress to, int port, String payload) throws Exception {
        cli.call(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] data = payload.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(to, port)));
            }
            return null;
        });
    }

    /** A kernel UDP socket in the sfu namespace, bound to {@code port} on all addresses. */
    DatagramSocket kernelSocket(int port) throws Exception {
        return sfu.call(() -> {
            DatagramSocket socket = new DatagramSocket(port);
            socket.setSoTimeout(3000);
            return socket;
        });
    }

    /** The next datagram's payload, or null if none arrives within the socket's timeout. */
    static String receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    /** The XDP program on the SFU interface as {@code ip -d link show} reports it, or null if none. */
    AttachedProgram attachedProgram() {
        String out = sfu.exec("ip", "-d", "link", "show", "dev", SFU_IF);
        Matcher m = XDP_PROG.matcher(out);
        if (!m.find()) {
            return null;
        }
        return new AttachedProgram(Integer.parseInt(m.group(1)), m.group(2), out.contains("xdpgeneric"));
    }

    record AttachedProgram(int id, String name, boolean generic) {
    }

    /** Whether the kernel still has program {@code id} (loaded, attached or not). */
    static boolean programExists(int id) {
        return Shell.tryRun(java.util.List.of("bpftool", "prog", "show", "id", Integer.toString(id))).exitCode() == 0;
    }

    /** Waits until the kernel has freed program {@code id}: nothing (fd, link, pin, map) holds it any more. */
    static void awaitProgramGone(int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (programExists(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("program id " + id + " is still loaded: something still holds it");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Polls {@code counts} until every verdict's increase over {@code before} satisfies its predicate (XDP
     * runs in softirq context, a moment after the sender's syscall returns). Returns the last counts.
     */
    static long[] awaitCounts(SteeringProgram program, long[] before, LongPredicate[] expectedDelta)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long[] now;
        do {
            now = program.verdictCounts();
            if (matches(before, now, expectedDelta)) {
                return now;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("verdict counts did not reach the expected deltas: before "
                + Arrays.toString(before) + ", now " + Arrays.toString(now));
    }

    private static boolean matches(long[] before, long[] now, LongPredicate[] expectedDelta) {
        for (int i = 0; i < expectedDelta.length; i++) {
            if (!expectedDelta[i].test(now[i] - before[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            cli.close();
        } finally {
            sfu.close();
        }
    }
}
