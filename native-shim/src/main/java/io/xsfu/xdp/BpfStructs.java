package io.xsfu.xdp;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.StructLayout;

/**
 * The parts of {@code <linux/bpf.h>}'s info structs xsfu reads. The kernel fills as much of an info struct
 * as the caller's length covers, so these are stable prefixes, not the whole (growing) structs;
 * {@code StructLayoutsTest} checks every offset against the header.
 */
public final class BpfStructs {
    /** {@code enum bpf_link_type}: fentry/fexit and freplace (libxdp dispatcher components) links. */
    public static final int BPF_LINK_TYPE_TRACING = 2;

    /** {@code struct bpf_link_info} up to its {@code tracing} member. */
    public static final StructLayout LINK_INFO = structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("prog_id"),
            paddingLayout(4),
            structLayout(
                    JAVA_INT.withName("attach_type"),
                    JAVA_INT.withName("target_obj_id"),
                    JAVA_INT.withName("target_btf_id")).withName("tracing"),
            paddingLayout(4)).withName("bpf_link_info");

    public static final long LINK_INFO_TYPE = XdpStructs.offset(LINK_INFO, "type");
    public static final long LINK_INFO_ID = XdpStructs.offset(LINK_INFO, "id");
    public static final long LINK_INFO_PROG_ID = XdpStructs.offset(LINK_INFO, "prog_id");
    /** For an freplace link, the id of the program it replaces a function of (e.g. the dispatcher). */
    public static final long LINK_INFO_TRACING_TARGET_OBJ_ID = XdpStructs.offset(LINK_INFO, "tracing", "target_obj_id");

    private BpfStructs() {
    }
}
