// The measuring floor: on the server's veth, every UDP packet to the SFU's port range goes straight back out
// (XDP_TX) as the copy a forwarder with fan-out 1 would send: addresses swapped, destination port the first
// subscriber's. No queue, no process: what the load generator, the two veth crossings and the sink cost.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bench_sink.h"

#define SFU_PORT_MIN 40000
#define SFU_PORT_MAX 40099

SEC("xdp")
int bench_reflect(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP || ip->ihl != 5)
        return XDP_PASS;
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > end)
        return XDP_PASS;
    __u16 port = bpf_ntohs(udp->dest);
    if (port < SFU_PORT_MIN || port > SFU_PORT_MAX)
        return XDP_PASS;
    unsigned char mac[ETH_ALEN];
    __builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, mac, ETH_ALEN);
    // Swapping the addresses leaves the IPv4 header checksum as it is (a sum does not depend on order).
    __be32 a = ip->saddr;
    ip->saddr = ip->daddr;
    ip->daddr = a;
    udp->source = udp->dest;
    udp->dest = bpf_htons(SUBSCRIBER_PORT_MIN);
    udp->check = 0;
    return XDP_TX;
}

char _license[] SEC("license") = "GPL";
