package io.xsfu.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every constant and offset the netlink code hard-codes, checked against the system's Linux UAPI headers by
 * compiling a C program that prints them. Needs a C compiler and linux-libc-dev (both part of the build
 * machine's set-up); without them this fails rather than skips.
 */
class HeaderConstantsTest {

    private static Map<String, Long> javaValues() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("sizeof(struct nlmsghdr)", (long) NetlinkHeader.SIZE);
        v.put("offsetof(struct nlmsghdr, nlmsg_type)", (long) NetlinkHeader.TYPE_OFFSET);
        v.put("offsetof(struct nlmsghdr, nlmsg_flags)", (long) NetlinkHeader.FLAGS_OFFSET);
        v.put("offsetof(struct nlmsghdr, nlmsg_seq)", (long) NetlinkHeader.SEQ_OFFSET);
        v.put("offsetof(struct nlmsghdr, nlmsg_pid)", (long) NetlinkHeader.PID_OFFSET);
        v.put("NLMSG_ERROR", (long) NetlinkHeader.NLMSG_ERROR);
        v.put("NLMSG_DONE", (long) NetlinkHeader.NLMSG_DONE);
        v.put("NLMSG_OVERRUN", (long) NetlinkHeader.NLMSG_OVERRUN);
        v.put("NLM_F_MULTI", (long) NetlinkHeader.NLM_F_MULTI);
        v.put("NLM_F_ACK", (long) NetlinkHeader.NLM_F_ACK);
        v.put("NLM_F_DUMP_INTR", (long) NetlinkHeader.NLM_F_DUMP_INTR);
        v.put("NLM_F_DUMP", (long) NetlinkHeader.NLM_F_DUMP);
        v.put("NLM_F_REPLACE", (long) NetlinkHeader.NLM_F_REPLACE);
        v.put("NLM_F_CREATE", (long) NetlinkHeader.NLM_F_CREATE);
        v.put("NLM_F_CAPPED", (long) NetlinkHeader.NLM_F_CAPPED);
        v.put("NLM_F_ACK_TLVS", (long) NetlinkHeader.NLM_F_ACK_TLVS);
        v.put("NLMSGERR_ATTR_MSG", (long) NetlinkHeader.NLMSGERR_ATTR_MSG);
        v.put("offsetof(struct nlmsgerr, msg)", (long) NetlinkHeader.ERROR_REQUEST_OFFSET);
        v.put("NLA_F_NESTED", (long) AttributeCursor.NLA_F_NESTED);
        v.put("NLA_F_NET_BYTEORDER", (long) AttributeCursor.NLA_F_NET_BYTEORDER);
        v.put("sizeof(struct nlattr)", (long) MessageWriter.ATTR_HEADER_SIZE);
        v.put("NETLINK_ROUTE", (long) NetlinkSocket.NETLINK_ROUTE);
        v.put("SOL_NETLINK", (long) NetlinkSocket.SOL_NETLINK);
        v.put("NETLINK_CAP_ACK", (long) NetlinkSocket.NETLINK_CAP_ACK);
        v.put("NETLINK_EXT_ACK", (long) NetlinkSocket.NETLINK_EXT_ACK);
        v.put("NETLINK_GET_STRICT_CHK", (long) NetlinkSocket.NETLINK_GET_STRICT_CHK);
        v.put("SO_RCVTIMEO_OLD", (long) NetlinkSocket.SO_RCVTIMEO);
        v.put("MSG_PEEK", (long) NetlinkSocket.MSG_PEEK);
        v.put("MSG_TRUNC", (long) NetlinkSocket.MSG_TRUNC);
        v.put("sizeof(struct sockaddr_nl)", (long) NetlinkSocket.SOCKADDR_NL_SIZE);
        v.put("offsetof(struct sockaddr_nl, nl_pid)", (long) NetlinkSocket.SOCKADDR_NL_PID_OFFSET);
        v.put("offsetof(struct sockaddr_nl, nl_groups)", (long) NetlinkSocket.SOCKADDR_NL_GROUPS_OFFSET);
        v.put("RTMGRP_LINK", (long) RtNetlinkMonitor.LINKS);
        v.put("RTMGRP_NEIGH", (long) RtNetlinkMonitor.NEIGHBOURS);
        v.put("RTMGRP_IPV4_ROUTE", (long) RtNetlinkMonitor.IPV4_ROUTES);
        v.put("RTMGRP_IPV6_ROUTE", (long) RtNetlinkMonitor.IPV6_ROUTES);

        v.put("RTM_NEWLINK", (long) LinkMessage.RTM_NEWLINK);
        v.put("RTM_DELLINK", (long) LinkMessage.RTM_DELLINK);
        v.put("RTM_GETLINK", (long) LinkMessage.RTM_GETLINK);
        v.put("sizeof(struct ifinfomsg)", (long) LinkMessage.SIZE);
        v.put("offsetof(struct ifinfomsg, ifi_type)", (long) LinkMessage.TYPE_OFFSET);
        v.put("offsetof(struct ifinfomsg, ifi_index)", (long) LinkMessage.INDEX_OFFSET);
        v.put("offsetof(struct ifinfomsg, ifi_flags)", (long) LinkMessage.FLAGS_OFFSET);
        v.put("offsetof(struct ifinfomsg, ifi_change)", (long) LinkMessage.CHANGE_OFFSET);
        v.put("IFLA_ADDRESS", (long) LinkMessage.IFLA_ADDRESS);
        v.put("IFLA_IFNAME", (long) LinkMessage.IFLA_IFNAME);
        v.put("IFLA_MTU", (long) LinkMessage.IFLA_MTU);
        v.put("IFLA_LINK", (long) LinkMessage.IFLA_LINK);
        v.put("IFLA_EXT_MASK", (long) LinkMessage.IFLA_EXT_MASK);
        v.put("IFLA_NUM_TX_QUEUES", (long) LinkMessage.IFLA_NUM_TX_QUEUES);
        v.put("IFLA_NUM_RX_QUEUES", (long) LinkMessage.IFLA_NUM_RX_QUEUES);
        v.put("RTEXT_FILTER_SKIP_STATS", (long) LinkMessage.RTEXT_FILTER_SKIP_STATS);
        v.put("IFF_UP", (long) LinkMessage.IFF_UP);
        v.put("IFF_RUNNING", (long) LinkMessage.IFF_RUNNING);

        v.put("RTM_NEWADDR", (long) AddressMessage.RTM_NEWADDR);
        v.put("RTM_GETADDR", (long) AddressMessage.RTM_GETADDR);
        v.put("sizeof(struct ifaddrmsg)", (long) AddressMessage.SIZE);
        v.put("offsetof(struct ifaddrmsg, ifa_prefixlen)", (long) AddressMessage.PREFIXLEN_OFFSET);
        v.put("offsetof(struct ifaddrmsg, ifa_flags)", (long) AddressMessage.FLAGS_OFFSET);
        v.put("offsetof(struct ifaddrmsg, ifa_scope)", (long) AddressMessage.SCOPE_OFFSET);
        v.put("offsetof(struct ifaddrmsg, ifa_index)", (long) AddressMessage.INDEX_OFFSET);
        v.put("IFA_ADDRESS", (long) AddressMessage.IFA_ADDRESS);
        v.put("IFA_LOCAL", (long) AddressMessage.IFA_LOCAL);

        v.put("RTM_NEWROUTE", (long) RouteMessage.RTM_NEWROUTE);
        v.put("RTM_DELROUTE", (long) RouteMessage.RTM_DELROUTE);
        v.put("RTM_GETROUTE", (long) RouteMessage.RTM_GETROUTE);
        v.put("sizeof(struct rtmsg)", (long) RouteMessage.SIZE);
        v.put("offsetof(struct rtmsg, rtm_dst_len)", (long) RouteMessage.DST_LEN_OFFSET);
        v.put("offsetof(struct rtmsg, rtm_table)", (long) RouteMessage.TABLE_OFFSET);
        v.put("offsetof(struct rtmsg, rtm_scope)", (long) RouteMessage.SCOPE_OFFSET);
        v.put("offsetof(struct rtmsg, rtm_type)", (long) RouteMessage.TYPE_OFFSET);
        v.put("offsetof(struct rtmsg, rtm_flags)", (long) RouteMessage.FLAGS_OFFSET);
        v.put("RTA_DST", (long) RouteMessage.RTA_DST);
        v.put("RTA_OIF", (long) RouteMessage.RTA_OIF);
        v.put("RTA_GATEWAY", (long) RouteMessage.RTA_GATEWAY);
        v.put("RTA_PREFSRC", (long) RouteMessage.RTA_PREFSRC);
        v.put("RTA_VIA", (long) RouteMessage.RTA_VIA);
        v.put("offsetof(struct rtvia, rtvia_addr)", (long) RouteMessage.VIA_ADDRESS_OFFSET);
        v.put("RTN_UNICAST", (long) Route.RTN_UNICAST);
        v.put("RTN_LOCAL", (long) Route.RTN_LOCAL);
        v.put("RTN_BROADCAST", (long) Route.RTN_BROADCAST);
        v.put("RTN_MULTICAST", (long) Route.RTN_MULTICAST);
        v.put("RTN_BLACKHOLE", (long) Route.RTN_BLACKHOLE);
        v.put("RTN_UNREACHABLE", (long) Route.RTN_UNREACHABLE);
        v.put("RTN_PROHIBIT", (long) Route.RTN_PROHIBIT);

        v.put("RTM_NEWNEIGH", (long) NeighbourMessage.RTM_NEWNEIGH);
        v.put("RTM_DELNEIGH", (long) NeighbourMessage.RTM_DELNEIGH);
        v.put("RTM_GETNEIGH", (long) NeighbourMessage.RTM_GETNEIGH);
        v.put("sizeof(struct ndmsg)", (long) NeighbourMessage.SIZE);
        v.put("offsetof(struct ndmsg, ndm_ifindex)", (long) NeighbourMessage.IFINDEX_OFFSET);
        v.put("offsetof(struct ndmsg, ndm_state)", (long) NeighbourMessage.STATE_OFFSET);
        v.put("offsetof(struct ndmsg, ndm_flags)", (long) NeighbourMessage.FLAGS_OFFSET);
        v.put("offsetof(struct ndmsg, ndm_type)", (long) NeighbourMessage.TYPE_OFFSET);
        v.put("NDA_DST", (long) NeighbourMessage.NDA_DST);
        v.put("NDA_LLADDR", (long) NeighbourMessage.NDA_LLADDR);
        v.put("NDA_CACHEINFO", (long) NeighbourMessage.NDA_CACHEINFO);
        v.put("NDA_IFINDEX", (long) NeighbourMessage.NDA_IFINDEX);
        v.put("sizeof(struct nda_cacheinfo)", (long) NeighbourMessage.CACHEINFO_SIZE);
        v.put("offsetof(struct nda_cacheinfo, ndm_confirmed)", (long) NeighbourMessage.CACHEINFO_CONFIRMED_OFFSET);
        v.put("NTF_USE", (long) NeighbourMessage.NTF_USE);
        v.put("NUD_INCOMPLETE", (long) Neighbour.NUD_INCOMPLETE);
        v.put("NUD_REACHABLE", (long) Neighbour.NUD_REACHABLE);
        v.put("NUD_STALE", (long) Neighbour.NUD_STALE);
        v.put("NUD_DELAY", (long) Neighbour.NUD_DELAY);
        v.put("NUD_PROBE", (long) Neighbour.NUD_PROBE);
        v.put("NUD_FAILED", (long) Neighbour.NUD_FAILED);
        v.put("NUD_NOARP", (long) Neighbour.NUD_NOARP);
        v.put("NUD_PERMANENT", (long) Neighbour.NUD_PERMANENT);
        v.put("NUD_NONE", (long) Neighbour.NUD_NONE);

        v.put("SIOCETHTOOL", InterfaceQueues.SIOCETHTOOL);
        v.put("ETHTOOL_GCHANNELS", (long) InterfaceQueues.ETHTOOL_GCHANNELS);
        v.put("IFNAMSIZ", (long) InterfaceQueues.IFNAMSIZ);
        v.put("sizeof(struct ifreq)", (long) InterfaceQueues.IFREQ_SIZE);
        v.put("offsetof(struct ifreq, ifr_data)", (long) InterfaceQueues.IFREQ_DATA_OFFSET);
        v.put("sizeof(struct ethtool_channels)", (long) InterfaceQueues.CHANNELS_SIZE);
        v.put("offsetof(struct ethtool_channels, rx_count)", (long) InterfaceQueues.CHANNELS_RX_COUNT_OFFSET);
        v.put("offsetof(struct ethtool_channels, combined_count)", (long) InterfaceQueues.CHANNELS_COMBINED_COUNT_OFFSET);
        return v;
    }

    @Test
    void javaConstantsMatchTheLinuxHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> expected = javaValues();
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <sys/socket.h>
                #include <net/if.h>
                #include <linux/netlink.h>
                #include <linux/rtnetlink.h>
                #include <linux/if_link.h>
                #include <linux/if_addr.h>
                #include <linux/neighbour.h>
                #include <linux/ethtool.h>
                #include <linux/sockios.h>
                #include <asm-generic/socket.h>
                int main(void) {
                """);
        for (String expr : expected.keySet()) {
            c.append("  printf(\"%s=%lld\\n\", \"").append(expr).append("\", (long long) (").append(expr).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path source = dir.resolve("constants.c");
        Path binary = dir.resolve("constants");
        Files.writeString(source, c.toString());
        run(dir, "cc", "-o", binary.toString(), source.toString());
        String output = run(dir, binary.toString());

        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.lastIndexOf('=');
            actual.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(actual.get(e.getKey()), e.getValue(), e.getKey());
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
