package io.xsfu.netlink;

/**
 * A network interface as RTM_GETLINK reports it.
 *
 * @param index       interface index in its namespace
 * @param mac         hardware address ({@link MacAddress}), {@link MacAddress#NONE} when the link has none
 *                    of Ethernet size
 * @param up          administratively up (IFF_UP)
 * @param running     operationally up, carrier present (IFF_RUNNING)
 * @param numRxQueues RX queues the device was created with (IFLA_NUM_RX_QUEUES)
 * @param numTxQueues TX queues the device was created with (IFLA_NUM_TX_QUEUES)
 * @param linkIndex   IFLA_LINK: the lower or peer device (for a veth, the peer's index in the peer's
 *                    namespace), 0 when there is none
 */
public record Link(int index, String name, long mac, int mtu, boolean up, boolean running, int numRxQueues,
                   int numTxQueues, int linkIndex) {
}
