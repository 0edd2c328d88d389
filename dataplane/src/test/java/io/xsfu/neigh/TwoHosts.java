package io.xsfu.neigh;

import io.xsfu.net.MacAddress;
import io.xsfu.testbed.Netns;
import io.xsfu.testbed.Shell;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two namespaces joined by a veth pair, {@code sfu} (2 RX queues) and {@code cli} (1), addressed from a private /24
 * and a ULA /64 picked at random, with no default route and no static neighbour entries: every MAC has to be
 * learnt by real ARP/NDP. IPv6 duplicate address detection is off so that addresses (link-local included,
 * which neighbour solicitations need) are usable at once. {@link #close()} deletes both namespaces.
 */
final class TwoHosts implements AutoCloseable {
    static final String SFU_IF = "sfu";
    static final String CLI_IF = "cli";

    final Netns sfu;
    final Netns cli;
    final int octet;

    private TwoHosts(Netns sfu, Netns cli, int octet) {
        this.sfu = sfu;
        this.cli = cli;
        this.octet = octet;
    }

    static TwoHosts create() {
        Netns sfu = Netns.create("sfu");
        Netns cli = null;
        try {
            cli = Netns.create("cli");
            int octet = ThreadLocalRandom.current().nextInt(1, 255);
            for (Netns ns : new Netns[] {sfu, cli}) {
                ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            Shell.run("ip", "link", "add", SFU_IF, "netns", sfu.name(), "numrxqueues", "2", "type", "veth",
                    "peer", "name", CLI_IF, "netns", cli.name(), "numrxqueues", "1");
            TwoHosts hosts = new TwoHosts(sfu, cli, octet);
            sfu.addAddress(SFU_IF, hosts.v4(1) + "/24");
            cli.addAddress(CLI_IF, hosts.v4(2) + "/24");
            sfu.exec("ip", "-6", "addr", "add", hosts.v6(1) + "/64", "dev", SFU_IF, "nodad");
            cli.exec("ip", "-6", "addr", "add", hosts.v6(2) + "/64", "dev", CLI_IF, "nodad");
            sfu.exec("ip", "link", "set", SFU_IF, "up");
            cli.exec("ip", "link", "set", CLI_IF, "up");
            return hosts;
        } catch (RuntimeException e) {
            if (cli != null) {
                cli.close();
            }
            sfu.close();
            throw e;
        }
    }

    /** 10.231.&lt;octet&gt;.host: the shared /24. */
    String v4(int host) {
        return "10.231." + octet + "." + host;
    }

    /** fd17:&lt;octet&gt;::host: the shared /64. */
    String v6(int host) {
        return "fd17:" + Integer.toHexString(octet) + "::" + Integer.toHexString(host);
    }

    /** A /24 reachable only through cli (after {@link #routeBehindCli()}). */
    String remoteV4(int host) {
        return "10.232." + octet + "." + host;
    }

    String remoteV6(int host) {
        return "fd18:" + Integer.toHexString(octet) + "::" + Integer.toHexString(host);
    }

    /** Routes in sfu to a network behind cli, with cli as the gateway. */
    void routeBehindCli() {
        sfu.exec("ip", "route", "add", "10.232." + octet + ".0/24", "via", v4(2), "dev", SFU_IF);
        sfu.exec("ip", "-6", "route", "add", "fd18:" + Integer.toHexString(octet) + "::/64", "via", v6(2), "dev", SFU_IF);
    }

    long cliMac() {
        return MacAddress.parse(cli.mac(CLI_IF));
    }

    long sfuMac() {
        return MacAddress.parse(sfu.mac(SFU_IF));
    }

    /** Gives cli a new, locally administered MAC and returns it. */
    long changeCliMac() {
        long mac = 0x02_00_00_00_00_00L | ThreadLocalRandom.current().nextLong(1, 0xff_ffff_ffffL);
        cli.exec("ip", "link", "set", "dev", CLI_IF, "address", MacAddress.format(mac));
        return mac;
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
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
