// Random loss of UDP datagrams on a device's egress (a tc clsact filter), for kernels built without sch_netem.
// The probability is compiled in (LOSS_THRESHOLD = p * 2^32) so that the object needs no map and no pinning.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef LOSS_THRESHOLD
#error "compile with -DLOSS_THRESHOLD=<probability * 2^32>"
#endif

/* Only UDP is dropped: neighbour discovery and anything else a test does not measure passes untouched. */
static __always_inline int is_udp(struct __sk_buff *skb)
{
	const __u32 need = sizeof(struct ethhdr) + sizeof(struct ipv6hdr);

	/* Headers outside the linear part are invisible to direct access: pull them in (fails harmlessly on runts). */
	if ((void *)(long)skb->data + need > (void *)(long)skb->data_end)
		bpf_skb_pull_data(skb, need);
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return 0;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		return (void *)(ip + 1) <= end && ip->protocol == IPPROTO_UDP;
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		return (void *)(ip6 + 1) <= end && ip6->nexthdr == IPPROTO_UDP;
	}
	return 0;
}

SEC("tc")
int udp_loss(struct __sk_buff *skb)
{
	if (is_udp(skb) && bpf_get_prandom_u32() < (__u32)LOSS_THRESHOLD)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
