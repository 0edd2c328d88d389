package io.xsfu.steer;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.sys.Libc;
import io.xsfu.xdp.BpfStructs;
import io.xsfu.xdp.Libbpf;
import io.xsfu.xdp.Libxdp;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Clears the interface of what a killed xsfu left behind, before a new one attaches. Called only while
 * holding the {@link InterfaceLock}: any {@code xsfu_steer} on the interface then belongs to a process
 * that is gone. Everything else is left alone; a program xsfu cannot share the hook with is an error
 * rather than something to replace (libxdp would replace a lone foreign program without asking).
 */
final class StalePrograms {
    private static final System.Logger LOG = System.getLogger(StalePrograms.class.getName());
    /** Each round removes one stale component; a dispatcher holds at most 10. */
    private static final int MAX_ROUNDS = 16;

    private StalePrograms() {
    }

    static void clear(String ifName, int ifindex) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            MemorySegment mp = Libxdp.multiprogFromIfindex(ifindex);
            if (mp.address() == 0) {
                return;
            }
            try {
                if (!clearOne(mp, ifName, ifindex)) {
                    return;
                }
            } finally {
                Libxdp.multiprogClose(mp);
            }
        }
        throw new IllegalStateException("stale xsfu programs on " + ifName + " keep coming back");
    }

    /** Removes one stale thing; false when nothing stale is left. */
    private static boolean clearOne(MemorySegment mp, String ifName, int ifindex) {
        int mode = Libxdp.multiprogAttachMode(mp);
        String where = ifName + " (ifindex " + ifindex + ", " + Libxdp.modeName(mode) + " mode)";
        if (!Libxdp.multiprogIsLegacy(mp)) {
            for (MemorySegment p = Libxdp.multiprogNextProgram(mp, MemorySegment.NULL); p.address() != 0;
                    p = Libxdp.multiprogNextProgram(mp, p)) {
                if (SteerAbi.PROGRAM_NAME.equals(Libxdp.programName(p))) {
                    LOG.log(Level.WARNING, "Detaching {0} (program id {1}) from libxdp''s dispatcher on {2}: "
                            + "left by an xsfu process that did not shut down", SteerAbi.PROGRAM_NAME,
                            Integer.toUnsignedString(Libxdp.programId(p)), where);
                    Libxdp.programDetach(p, ifindex, mode, where);
                    return true;
                }
            }
            return false;
        }
        MemorySegment main = Libxdp.multiprogMainProgram(mp);
        String name = Libxdp.programName(main);
        int id = Libxdp.programId(main);
        if (SteerAbi.PROGRAM_NAME.equals(name)) {
            LOG.log(Level.WARNING, "Detaching {0} (program id {1}) from {2}: left by an xsfu process that did "
                    + "not shut down", name, Integer.toUnsignedString(id), where);
            Libxdp.multiprogDetach(mp, where);
            return true;
        }
        if (Libxdp.DISPATCHER_NAME.equals(name)) {
            // A dispatcher whose state libxdp cannot see here: its pins were in another mount namespace's
            // bpffs (ip netns exec), gone with it. With no freplace link left on it, it runs nothing.
            if (hasExtensionLinks(id)) {
                throw new InterfaceInUseException(ifName + " has libxdp's dispatcher (program id "
                        + Integer.toUnsignedString(id) + ") with programs managed from another mount "
                        + "namespace; xsfu cannot join it from here");
            }
            LOG.log(Level.WARNING, "Detaching an orphaned libxdp dispatcher (program id {0}, no programs left in "
                    + "it) from {1}", Integer.toUnsignedString(id), where);
            Libxdp.multiprogDetach(mp, where);
            return true;
        }
        throw new InterfaceInUseException(ifName + " already has XDP program '" + name + "' (id "
                + Integer.toUnsignedString(id) + ", " + Libxdp.modeName(mode) + " mode) attached without "
                + "libxdp's dispatcher; xsfu does not replace other programs");
    }

    /** Whether any live freplace link targets program {@code programId}. */
    private static boolean hasExtensionLinks(int programId) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(BpfStructs.LINK_INFO);
            for (int id = Libbpf.linkNextId(0); id != 0; id = Libbpf.linkNextId(id)) {
                int fd = Libbpf.linkFdById(id);
                if (fd < 0) {
                    continue;
                }
                try {
                    info.fill((byte) 0);
                    Libbpf.objectInfo(fd, info, "link " + id);
                    if (info.get(ValueLayout.JAVA_INT, BpfStructs.LINK_INFO_TYPE) == BpfStructs.BPF_LINK_TYPE_TRACING
                            && info.get(ValueLayout.JAVA_INT, BpfStructs.LINK_INFO_TRACING_TARGET_OBJ_ID) == programId) {
                        return true;
                    }
                } finally {
                    Libc.close(fd);
                }
            }
            return false;
        }
    }
}
