// The bench's receiver: attached to the client's veth, it counts and drops every copy a forwarder delivers,
// and records each copy's one-way latency (arrival here minus the send time the load generator wrote into
// the RTP payload, or, for SRTP whose payload is encrypted, into the first header extension element) into a
// log-linear histogram. Both clocks are CLOCK_MONOTONIC of the same machine
// (bpf_ktime_get_ns and the JVM's System.nanoTime), so no offset is involved. Counting in XDP costs the
// same for every forwarder and keeps the client's stack out of the measurement.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bench_sink.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct sink_stats);
} sink_stats SEC(".maps");

// Log-linear bucket of a latency in ns: exact below 2^SUB_BITS+1 ns, then SUB_COUNT buckets per power of two.
static __always_inline __u32 bucket_of(__u64 v)
{
    if (v < 2 * SUB_COUNT)
        return (__u32)v;
    __u32 m = 0;
    __u64 x = v;
    if (x >> 32) { m += 32; x >>= 32; }
    if (x >> 16) { m += 16; x >>= 16; }
    if (x >> 8) { m += 8; x >>= 8; }
    if (x >> 4) { m += 4; x >>= 4; }
    if (x >> 2) { m += 2; x >>= 2; }
    if (x >> 1) { m += 1; }
    if (m > MAX_EXPONENT)
        return BUCKETS - 1;
    __u32 shift = m - SUB_BITS;
    return 2 * SUB_COUNT + (m - SUB_BITS - 1) * SUB_COUNT + (__u32)((v >> shift) - SUB_COUNT);
}

// The stamp at `at`: magic, then the big-endian send time; 0 if there is none there.
static __always_inline int read_stamp(__u8 *at, void *end, __u64 *sent)
{
    if ((void *)(at + STAMP_LENGTH) > end)
        return 0;
    __u32 magic;
    __builtin_memcpy(&magic, at + MAGIC_OFFSET, 4);
    if (bpf_ntohl(magic) != STAMP_MAGIC)
        return 0;
    __builtin_memcpy(sent, at + SENT_NANOS_OFFSET, 8);
    *sent = bpf_be64_to_cpu(*sent);
    return 1;
}

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u32 zero = 0;
    struct sink_stats *s = bpf_map_lookup_elem(&sink_stats, &zero);
    if (!s)
        return XDP_DROP;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        goto other;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP)
        goto other;
    __u32 ihl = ip->ihl & 0xF;
    if (ihl < 5)
        goto other;
    struct udphdr *udp = (void *)ip + ihl * 4;
    if ((void *)(udp + 1) > end)
        goto other;
    __u16 port = bpf_ntohs(udp->dest);
    if (port < SUBSCRIBER_PORT_MIN || port > SUBSCRIBER_PORT_MAX)
        goto other;
    __u8 *rtp = (void *)(udp + 1);
    if ((void *)(rtp + 12) > end || (rtp[0] >> 6) != 2)
        goto other;
    __u32 off = 12 + (rtp[0] & 0xF) * 4;
    __u64 sent = 0;
    int stamped = 0;
    if (rtp[0] & 0x10) {
        __u8 *ext = rtp + off;
        if ((void *)(ext + 5) > end)
            goto other;
        __u32 words = ((__u32)ext[2] << 8) | ext[3];
        if (words > MAX_EXTENSION_WORDS)
            goto other;
        if (ext[0] == (EXTENSION_PROFILE >> 8) && ext[1] == (EXTENSION_PROFILE & 0xFF) && ext[4] == STAMP_ELEMENT)
            stamped = read_stamp(ext + 5, end, &sent);
        // The mask repeats the bound for the verifier, which needs a small range on a packet offset.
        off += 4 + (words & (MAX_EXTENSION_WORDS * 2 - 1)) * 4;
    }
    if (!stamped && !read_stamp(rtp + off, end, &sent))
        goto other;
    s->copies++;
    s->bytes += (__u64)(end - data);
    __u64 now = bpf_ktime_get_ns();
    if (sent > now) {
        s->unstamped++;
        return XDP_DROP;
    }
    __u32 b = bucket_of(now - sent);
    // Keeps clang from folding the bound into the computation: the verifier must see it on the index itself.
    asm volatile("" : "+r"(b));
    if (b < BUCKETS)
        s->buckets[b]++;
    return XDP_DROP;
other:
    s->other++;
    return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
