package io.xsfu.steer;

import io.xsfu.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Exclusive ownership of one interface's XDP hook among xsfu processes: a non-blocking flock on
 * {@code /run/xsfu/xdp-<netns inode>-<ifindex>.lock}. The kernel releases it when the owner dies, however it
 * dies, so a held lock means a live owner and a free lock means that any xsfu program still attached was
 * left by a process that is gone. /run is shared by all mount namespaces ({@code ip netns exec} only
 * replaces /sys), so the lock works across them.
 *
 * <p>The file is removed on release, while still locked. Whoever opened it before the removal and locks it
 * after finds that the path now names another file (or none) and starts over.
 */
final class InterfaceLock implements AutoCloseable {
    static final Path DIRECTORY = Path.of("/run/xsfu");
    private static final int MAX_ATTEMPTS = 8;

    private final Path file;
    private final int fd;

    private InterfaceLock(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    static Path fileFor(Path directory, long netnsInode, int ifindex) {
        return directory.resolve("xdp-" + netnsInode + "-" + ifindex + ".lock");
    }

    /** Takes the lock or throws {@link InterfaceInUseException} naming the process that holds it. */
    static InterfaceLock acquire(long netnsInode, int ifindex, String ifName) {
        return acquire(DIRECTORY, netnsInode, ifindex, ifName);
    }

    static InterfaceLock acquire(Path directory, long netnsInode, int ifindex, String ifName) {
        Path file = fileFor(directory, netnsInode, ifindex);
        createDirectory(directory);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int fd = Libc.open(file.toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, 0600);
            boolean keep = false;
            try {
                if (!Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB)) {
                    throw new InterfaceInUseException("another xsfu process" + holder(file) + " owns XDP on "
                            + ifName + " (lock " + file + ")");
                }
                if (!sameFile(fd, file)) {
                    continue;
                }
                writeOwner(file);
                keep = true;
                return new InterfaceLock(file, fd);
            } finally {
                if (!keep) {
                    Libc.close(fd);
                }
            }
        }
        throw new IllegalStateException("lock file " + file + " keeps being replaced; giving up");
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The lock itself is what matters, and closing releases it; a leftover file is harmless.
        } finally {
            Libc.close(fd);
        }
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static boolean sameFile(int fd, Path file) {
        try {
            Object open = Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino");
            Object named = Files.getAttribute(file, "unix:ino");
            return open.equals(named);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    /** The owner's pid goes into the file, only to make the error of the next would-be owner useful. */
    private static void writeOwner(Path file) {
        try {
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // Informational only.
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
