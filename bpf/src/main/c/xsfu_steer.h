/* ABI shared by the XDP program and the Java side (io.xsfu.bpf.SteerAbi mirrors it; a test checks). */
#ifndef XSFU_STEER_H
#define XSFU_STEER_H

#define XSFU_MAX_QUEUES 256
#define XSFU_MAX_ADDRS 16

/* One entry of xsfu_config: the media port range the SFU owns. */
struct xsfu_config {
	__u16 port_min;   /* host byte order, inclusive */
	__u16 port_max;   /* host byte order, inclusive; 0 = nothing is steered */
	__u32 flags;
};

/* Media addresses are keys of xsfu_addrs: IPv6 as is, IPv4 as ::ffff:a.b.c.d. */
struct xsfu_addr {
	__u8 bytes[16];
};

/* Index into the per-CPU xsfu_stats array: one counter per verdict. */
enum xsfu_verdict {
	XSFU_STEERED = 0,        /* redirected into the AF_XDP socket of the receiving queue */
	XSFU_PASS_NOT_UDP = 1,   /* not IPv4/IPv6 UDP (ARP, ICMP, TCP, ...): the kernel's */
	XSFU_PASS_OTHER = 2,     /* UDP, but not to a media address and port: the kernel's */
	XSFU_NO_SOCKET = 3,      /* media, but no socket on this queue: passed, counted */
	XSFU_MALFORMED = 4,      /* truncated or inconsistent headers: passed, the kernel drops it */
	XSFU_FRAGMENT = 5,       /* IPv4 non-first fragment: no UDP header to match, passed */
	XSFU_VERDICTS = 6,
};

#endif
