// SPDX-License-Identifier: GPL-2.0
/*
 * xsfu's XDP program: steer UDP sent to the SFU's media addresses and port range into the AF_XDP
 * socket of the receiving queue; pass everything else (ARP, ICMP, SSH, signaling, other ports) to
 * the kernel. It never drops: what it does not understand goes to the kernel, which owns policy.
 * Every verdict is counted in a per-CPU array the Java side reads.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xdp/xdp_helpers.h>
#include "xsfu_steer.h"

struct vlan_hdr {
	__be16 tci;
	__be16 encapsulated_proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xsfu_config);
} xsfu_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSFU_MAX_ADDRS);
	__type(key, struct xsfu_addr);
	__type(value, __u8);
} xsfu_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XSFU_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsfu_xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSFU_VERDICTS);
	__type(key, __u32);
	__type(value, __u64);
} xsfu_stats SEC(".maps");

/*
 * Never read by the program: it puts enum xsfu_verdict into the object's BTF (an enum used only for its
 * constants leaves no type behind), so the Java side can check its copy of the numbering. libbpf skips
 * the section when loading.
 */
enum xsfu_verdict xsfu_verdict_abi SEC(".xsfu_abi") = XSFU_VERDICTS;

/* Under libxdp's dispatcher: run early, and let the next program see what we pass. */
struct {
	__uint(priority, 10);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(xsfu_steer);

static __always_inline int count(__u32 verdict, int action)
{
	__u64 *c = bpf_map_lookup_elem(&xsfu_stats, &verdict);
	if (c)
		*c += 1;
	return action;
}

/* A media address and a port in range: both must hold. */
static __always_inline int is_media(struct xsfu_addr *dst, __u16 port)
{
	__u32 zero = 0;
	struct xsfu_config *cfg = bpf_map_lookup_elem(&xsfu_config, &zero);
	/* port_max == 0 means "not configured": without it, a UDP packet to port 0 would count as media. */
	if (!cfg || cfg->port_max == 0 || port < cfg->port_min || port > cfg->port_max)
		return 0;
	return bpf_map_lookup_elem(&xsfu_addrs, dst) != NULL;
}

static __always_inline int steer(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;
	if (!bpf_map_lookup_elem(&xsfu_xsks, &queue))
		return count(XSFU_NO_SOCKET, XDP_PASS);
	/*
	 * XDP_PASS is the fallback only if the socket left the map between the lookup and here. A full RX
	 * ring is not a lookup failure: the kernel drops the frame and counts it in the socket's
	 * XDP_STATISTICS (rx_queue_full), which the Java side exports.
	 */
	return count(XSFU_STEERED, bpf_redirect_map(&xsfu_xsks, queue, XDP_PASS));
}

SEC("xdp")
int xsfu_steer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	void *cursor;
	__u16 proto;

	if ((void *)(eth + 1) > end)
		return count(XSFU_MALFORMED, XDP_PASS);
	proto = eth->h_proto;
	cursor = eth + 1;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr *vlan = cursor;
		if ((void *)(vlan + 1) > end)
			return count(XSFU_MALFORMED, XDP_PASS);
		proto = vlan->encapsulated_proto;
		cursor = vlan + 1;
	}

	struct xsfu_addr dst = {};
	struct udphdr *udp;
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = cursor;
		if ((void *)(ip + 1) > end)
			return count(XSFU_MALFORMED, XDP_PASS);
		if (ip->protocol != IPPROTO_UDP)
			return count(XSFU_PASS_NOT_UDP, XDP_PASS);
		__u32 ihl = ip->ihl * 4;
		if (ip->version != 4 || ihl < sizeof(*ip))
			return count(XSFU_MALFORMED, XDP_PASS);
		/* Fragment offset != 0: no UDP header here, the kernel reassembles. */
		if (ip->frag_off & bpf_htons(0x1fff))
			return count(XSFU_FRAGMENT, XDP_PASS);
		if (ihl > 60 || (void *)ip + ihl > end)
			return count(XSFU_MALFORMED, XDP_PASS);
		udp = (void *)ip + ihl;
		dst.bytes[10] = 0xff;
		dst.bytes[11] = 0xff;
		__builtin_memcpy(&dst.bytes[12], &ip->daddr, 4);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cursor;
		if ((void *)(ip6 + 1) > end)
			return count(XSFU_MALFORMED, XDP_PASS);
		/* Extension headers are not media: the kernel handles them. */
		if (ip6->nexthdr != IPPROTO_UDP)
			return count(XSFU_PASS_NOT_UDP, XDP_PASS);
		udp = (void *)(ip6 + 1);
		__builtin_memcpy(dst.bytes, &ip6->daddr, 16);
	} else {
		return count(XSFU_PASS_NOT_UDP, XDP_PASS);
	}

	if ((void *)(udp + 1) > end)
		return count(XSFU_MALFORMED, XDP_PASS);
	if (!is_media(&dst, bpf_ntohs(udp->dest)))
		return count(XSFU_PASS_OTHER, XDP_PASS);
	/* Ours from here: further validation (lengths, checksums, RTP) happens in Java, counted by reason. */
	return steer(ctx);
}

char _license[] SEC("license") = "GPL";
