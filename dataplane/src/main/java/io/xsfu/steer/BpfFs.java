package io.xsfu.steer;

import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The BPF filesystem libxdp keeps its dispatcher state in ({@code /sys/fs/bpf/xdp}): without it, libxdp
 * attaches one program alone on the interface instead of sharing the hook with other programs. systemd
 * mounts it; under {@code ip netns exec} /sys is a fresh sysfs in a private mount namespace without it.
 */
final class BpfFs {
    static final String MOUNT_POINT = "/sys/fs/bpf";
    private static final System.Logger LOG = System.getLogger(BpfFs.class.getName());

    private BpfFs() {
    }

    /** Mounts bpffs at /sys/fs/bpf unless one is there; returns false if that was not possible. */
    static synchronized boolean ensureMounted() {
        if (isMounted()) {
            return true;
        }
        try {
            Libc.mount("bpf", MOUNT_POINT, "bpf", 0);
            LOG.log(Level.INFO, "Mounted bpffs at {0} for libxdp''s dispatcher state", MOUNT_POINT);
            return true;
        } catch (NativeException e) {
            LOG.log(Level.WARNING, "No bpffs at {0} and mounting one failed ({1}); libxdp can only attach a "
                    + "single program", MOUNT_POINT, e.getMessage());
            return false;
        }
    }

    /** Whether this process's mount namespace has a bpf filesystem at /sys/fs/bpf. */
    static boolean isMounted() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // id parent major:minor root mount-point options [optional fields...] - fstype source ...
                String[] f = line.split(" ");
                int separator = line.indexOf(" - ");
                if (f.length > 4 && separator > 0 && f[4].equals(MOUNT_POINT)
                        && line.substring(separator + 3).startsWith("bpf ")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }
}
