/* An XDP program that is not xsfu's: InterfaceOwnershipIT attaches it to show that xsfu never replaces it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp")
int foreign_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
