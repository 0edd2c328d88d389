// Tiny XDP programs that check the topology's datapath (not xsfu's steering program, which lives in bpf/).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define PROBE_PORT 7777

static __always_inline struct udphdr *probe_udp(struct xdp_md *ctx, struct ethhdr **eth_out, struct iphdr **ip_out)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return 0;
	struct udphdr *udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end || udp->dest != bpf_htons(PROBE_PORT))
		return 0;
	*eth_out = eth;
	*ip_out = ip;
	return udp;
}

/* Drops UDP to the probe port: proves bridged traffic reaches the hook of a native-mode program. */
SEC("xdp")
int drop_probe(struct xdp_md *ctx)
{
	struct ethhdr *eth;
	struct iphdr *ip;
	return probe_udp(ctx, &eth, &ip) ? XDP_DROP : XDP_PASS;
}

/* Sends UDP to the probe port back where it came from (swapping addresses keeps both checksums valid). */
SEC("xdp")
int reflect_probe(struct xdp_md *ctx)
{
	struct ethhdr *eth;
	struct iphdr *ip;
	struct udphdr *udp = probe_udp(ctx, &eth, &ip);
	if (!udp)
		return XDP_PASS;
	unsigned char mac[ETH_ALEN];
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	__be32 addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	__be16 port = udp->source;
	udp->source = udp->dest;
	udp->dest = port;
	return XDP_TX;
}

/* Passes everything: gives a veth the NAPI context XDP_TX from its peer needs. */
SEC("xdp")
int pass_all(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
