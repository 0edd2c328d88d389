/*
 * Prints what the C compiler knows about the structs and constants xsfu mirrors in Java, one fact a line:
 *   S <struct> <sizeof>
 *   F <struct> <member path> <offsetof> <sizeof member>
 *   K <Java class>.<constant> <value>
 * StructLayoutsTest compiles it against the installed headers and compares every line with the Java side.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/bpf.h>
#include <linux/if_xdp.h>
#include <xdp/libxdp.h>

#define S(t) printf("S %s %zu\n", #t, sizeof(struct t))
#define F(t, m) printf("F %s %s %zu %zu\n", #t, #m, offsetof(struct t, m), sizeof(((struct t *)0)->m))
#define K(cls, name) printf("K %s.%s %lld\n", #cls, #name, (long long)(name))

static void xdp_structs(void)
{
	S(sockaddr_xdp);
	F(sockaddr_xdp, sxdp_family);
	F(sockaddr_xdp, sxdp_flags);
	F(sockaddr_xdp, sxdp_ifindex);
	F(sockaddr_xdp, sxdp_queue_id);
	F(sockaddr_xdp, sxdp_shared_umem_fd);

	S(xdp_ring_offset);
	F(xdp_ring_offset, producer);
	F(xdp_ring_offset, consumer);
	F(xdp_ring_offset, desc);
	F(xdp_ring_offset, flags);

	S(xdp_mmap_offsets);
	F(xdp_mmap_offsets, rx);
	F(xdp_mmap_offsets, tx);
	F(xdp_mmap_offsets, fr);
	F(xdp_mmap_offsets, cr);
	F(xdp_mmap_offsets, rx.producer);
	F(xdp_mmap_offsets, rx.consumer);
	F(xdp_mmap_offsets, rx.desc);
	F(xdp_mmap_offsets, rx.flags);
	F(xdp_mmap_offsets, tx.producer);
	F(xdp_mmap_offsets, tx.consumer);
	F(xdp_mmap_offsets, tx.desc);
	F(xdp_mmap_offsets, tx.flags);
	F(xdp_mmap_offsets, fr.producer);
	F(xdp_mmap_offsets, fr.consumer);
	F(xdp_mmap_offsets, fr.desc);
	F(xdp_mmap_offsets, fr.flags);
	F(xdp_mmap_offsets, cr.producer);
	F(xdp_mmap_offsets, cr.consumer);
	F(xdp_mmap_offsets, cr.desc);
	F(xdp_mmap_offsets, cr.flags);

	S(xdp_umem_reg);
	F(xdp_umem_reg, addr);
	F(xdp_umem_reg, len);
	F(xdp_umem_reg, chunk_size);
	F(xdp_umem_reg, headroom);
	F(xdp_umem_reg, flags);

	S(xdp_statistics);
	F(xdp_statistics, rx_dropped);
	F(xdp_statistics, rx_invalid_descs);
	F(xdp_statistics, tx_invalid_descs);
	F(xdp_statistics, rx_ring_full);
	F(xdp_statistics, rx_fill_ring_empty_descs);
	F(xdp_statistics, tx_ring_empty_descs);

	S(xdp_options);
	F(xdp_options, flags);

	S(xdp_desc);
	F(xdp_desc, addr);
	F(xdp_desc, len);
	F(xdp_desc, options);

	K(XdpStructs, SOL_XDP);
	K(XdpStructs, XDP_MMAP_OFFSETS);
	K(XdpStructs, XDP_RX_RING);
	K(XdpStructs, XDP_TX_RING);
	K(XdpStructs, XDP_UMEM_REG);
	K(XdpStructs, XDP_UMEM_FILL_RING);
	K(XdpStructs, XDP_UMEM_COMPLETION_RING);
	K(XdpStructs, XDP_STATISTICS);
	K(XdpStructs, XDP_OPTIONS);
	K(XdpStructs, XDP_SHARED_UMEM);
	K(XdpStructs, XDP_COPY);
	K(XdpStructs, XDP_ZEROCOPY);
	K(XdpStructs, XDP_USE_NEED_WAKEUP);
	K(XdpStructs, XDP_RING_NEED_WAKEUP);
	K(XdpStructs, XDP_OPTIONS_ZEROCOPY);
	K(XdpStructs, XDP_PGOFF_RX_RING);
	K(XdpStructs, XDP_PGOFF_TX_RING);
	K(XdpStructs, XDP_UMEM_PGOFF_FILL_RING);
	K(XdpStructs, XDP_UMEM_PGOFF_COMPLETION_RING);
}

static void socket_structs(void)
{
	S(sockaddr_in);
	F(sockaddr_in, sin_family);
	F(sockaddr_in, sin_port);
	F(sockaddr_in, sin_addr);
	F(sockaddr_in, sin_zero);

	S(sockaddr_in6);
	F(sockaddr_in6, sin6_family);
	F(sockaddr_in6, sin6_port);
	F(sockaddr_in6, sin6_flowinfo);
	F(sockaddr_in6, sin6_addr);
	F(sockaddr_in6, sin6_scope_id);

	S(iovec);
	F(iovec, iov_base);
	F(iovec, iov_len);

	S(msghdr);
	F(msghdr, msg_name);
	F(msghdr, msg_namelen);
	F(msghdr, msg_iov);
	F(msghdr, msg_iovlen);
	F(msghdr, msg_control);
	F(msghdr, msg_controllen);
	F(msghdr, msg_flags);

	S(mmsghdr);
	F(mmsghdr, msg_hdr);
	F(mmsghdr, msg_hdr.msg_name);
	F(mmsghdr, msg_hdr.msg_namelen);
	F(mmsghdr, msg_hdr.msg_iov);
	F(mmsghdr, msg_hdr.msg_iovlen);
	F(mmsghdr, msg_hdr.msg_control);
	F(mmsghdr, msg_hdr.msg_controllen);
	F(mmsghdr, msg_hdr.msg_flags);
	F(mmsghdr, msg_len);

	S(epoll_event);
	F(epoll_event, events);
	F(epoll_event, data);
}

static void bpf_structs(void)
{
	S(bpf_link_info);
	F(bpf_link_info, type);
	F(bpf_link_info, id);
	F(bpf_link_info, prog_id);
	F(bpf_link_info, tracing);
	F(bpf_link_info, tracing.attach_type);
	F(bpf_link_info, tracing.target_obj_id);
	F(bpf_link_info, tracing.target_btf_id);

	K(BpfStructs, BPF_LINK_TYPE_TRACING);
	K(Libbpf, BPF_ANY);
	K(Libbpf, BPF_NOEXIST);
	K(Libbpf, BPF_EXIST);
	printf("K Libxdp.MODE_UNSPEC %d\n", XDP_MODE_UNSPEC);
	printf("K Libxdp.MODE_NATIVE %d\n", XDP_MODE_NATIVE);
	printf("K Libxdp.MODE_SKB %d\n", XDP_MODE_SKB);
	printf("K Libxdp.MODE_HW %d\n", XDP_MODE_HW);
	printf("K NativeLog.LEVEL_WARN %d\n", LIBBPF_WARN);
	printf("K NativeLog.LEVEL_INFO %d\n", LIBBPF_INFO);
	printf("K NativeLog.LEVEL_DEBUG %d\n", LIBBPF_DEBUG);
}

static void libc_constants(void)
{
	K(Libc, AF_UNIX);
	K(Libc, AF_INET);
	K(Libc, AF_INET6);
	K(Libc, AF_NETLINK);
	K(Libc, AF_XDP);
	K(Libc, SOCK_DGRAM);
	K(Libc, SOCK_RAW);
	K(Libc, SOCK_NONBLOCK);
	K(Libc, SOCK_CLOEXEC);
	K(Libc, SOL_SOCKET);
	K(Libc, SO_REUSEADDR);
	K(Libc, SO_SNDBUF);
	K(Libc, SO_RCVBUF);
	K(Libc, SO_RCVBUFFORCE);
	K(Libc, SO_SNDBUFFORCE);
	K(Libc, IPPROTO_IP);
	K(Libc, IPPROTO_IPV6);
	K(Libc, IPV6_V6ONLY);
	K(Libc, MSG_DONTWAIT);
	K(Libc, PROT_READ);
	K(Libc, PROT_WRITE);
	K(Libc, MAP_SHARED);
	K(Libc, MAP_PRIVATE);
	K(Libc, MAP_ANONYMOUS);
	K(Libc, MAP_POPULATE);
	K(Libc, O_RDONLY);
	K(Libc, O_RDWR);
	K(Libc, O_CREAT);
	K(Libc, O_CLOEXEC);
	K(Libc, LOCK_EX);
	K(Libc, LOCK_NB);
	K(Libc, LOCK_UN);
	K(Libc, CLONE_NEWNET);
	K(Libc, POLLIN);
	K(Libc, POLLOUT);
	K(Libc, EPOLLIN);
	K(Libc, EPOLL_CTL_ADD);
	K(Libc, EPOLL_CTL_DEL);
	K(Libc, EPOLL_CLOEXEC);
	printf("K Libc.EPOLL_EVENT_SIZE %zu\n", sizeof(struct epoll_event));
	printf("K Libc.EPOLL_EVENT_DATA %zu\n", offsetof(struct epoll_event, data));

	K(Errno, EPERM);
	K(Errno, ENOENT);
	K(Errno, EINTR);
	K(Errno, ENXIO);
	K(Errno, EBADF);
	K(Errno, EAGAIN);
	K(Errno, ENOMEM);
	K(Errno, EACCES);
	K(Errno, EFAULT);
	K(Errno, EBUSY);
	K(Errno, EEXIST);
	K(Errno, ENODEV);
	K(Errno, EINVAL);
	K(Errno, ENOSPC);
	K(Errno, EPROTONOSUPPORT);
	K(Errno, EOPNOTSUPP);
	K(Errno, EAFNOSUPPORT);
	K(Errno, EADDRINUSE);
	K(Errno, EADDRNOTAVAIL);
	K(Errno, ENETDOWN);
	K(Errno, ENETUNREACH);
	K(Errno, ENOBUFS);
	K(Errno, EHOSTUNREACH);
}

int main(void)
{
	xdp_structs();
	socket_structs();
	bpf_structs();
	libc_constants();
	return 0;
}
