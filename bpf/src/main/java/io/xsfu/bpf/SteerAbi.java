package io.xsfu.bpf;

/**
 * The contract between {@code xsfu_steer.bpf.c} and Java: resource name, program and map names, the
 * config value layout and the verdict indices. Mirrors {@code xsfu_steer.h}; {@code SteerAbiTest} reads the
 * object file's BTF (with bpftool) and fails if the two drift apart.
 */
public final class SteerAbi {
    /** Classpath resource of the compiled program. */
    public static final String OBJECT_RESOURCE = "/io/xsfu/bpf/xsfu_steer.bpf.o";
    /** Program (function) name; also how a stale xsfu program is recognised on an interface. */
    public static final String PROGRAM_NAME = "xsfu_steer";

    public static final String MAP_CONFIG = "xsfu_config";
    public static final String MAP_ADDRS = "xsfu_addrs";
    public static final String MAP_XSKS = "xsfu_xsks";
    public static final String MAP_STATS = "xsfu_stats";

    public static final int MAX_QUEUES = 256;
    public static final int MAX_ADDRS = 16;

    /** struct xsfu_config { u16 port_min; u16 port_max; u32 flags; } in host byte order. */
    public static final int CONFIG_SIZE = 8;
    public static final int CONFIG_PORT_MIN = 0;
    public static final int CONFIG_PORT_MAX = 2;
    public static final int CONFIG_FLAGS = 4;
    /** struct xsfu_addr: 16 bytes, IPv4 as ::ffff:a.b.c.d. */
    public static final int ADDR_SIZE = 16;

    /** enum xsfu_verdict, in order. */
    public static final int STEERED = 0;
    public static final int PASS_NOT_UDP = 1;
    public static final int PASS_OTHER = 2;
    public static final int NO_SOCKET = 3;
    public static final int MALFORMED = 4;
    public static final int FRAGMENT = 5;
    public static final int VERDICTS = 6;

    /** Counter names, indexed by verdict. */
    public static final String[] VERDICT_NAMES = {
        "steered", "pass_not_udp", "pass_other", "no_socket", "malformed", "fragment"
    };

    private SteerAbi() {
    }
}
