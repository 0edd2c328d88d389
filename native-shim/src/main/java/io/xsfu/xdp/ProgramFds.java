package io.xsfu.xdp;

import io.xsfu.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The process's open BPF program descriptors, to undo a libxdp 1.3 leak: reading what is attached to an
 * interface ({@code xdp_multiprog__get_from_ifindex}, also done inside attach and detach) gets a program fd
 * by id or from a pin, duplicates it into its own handle and never closes the original. Each leaked fd keeps
 * a program and its maps (and the AF_XDP sockets in its XSKMAP) alive for as long as the process runs.
 * Later libxdp releases close the original; then nothing new appears here and nothing is closed.
 */
final class ProgramFds {
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final String PROG_LINK = "anon_inode:bpf-prog";

    private ProgramFds() {
    }

    /** Descriptors of this process that refer to BPF programs. */
    static Set<Integer> open() {
        Set<Integer> fds = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD_DIR)) {
            for (Path p : dir) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals(PROG_LINK)) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (NoSuchFileException e) {
                    // Closed while we looked (the directory stream's own fd among them).
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FD_DIR, e);
        }
        return fds;
    }

    /**
     * Closes the program fds that appeared since {@code before}, refer to one of {@code programIds} and are
     * not in {@code owned}: the originals libxdp duplicated and forgot. Returns how many were closed.
     */
    static int closeLeaked(Set<Integer> before, Set<Integer> owned, Set<Integer> programIds) {
        int closed = 0;
        for (int fd : open()) {
            if (before.contains(fd) || owned.contains(fd)) {
                continue;
            }
            int id = programId(fd);
            if (id != 0 && programIds.contains(id)) {
                Libc.close(fd);
                closed++;
            }
        }
        return closed;
    }

    /** The program id the kernel reports for {@code fd} in fdinfo, 0 if it cannot tell. */
    static int programId(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("prog_id:")) {
                    return Integer.parseUnsignedInt(line.substring("prog_id:".length()).trim());
                }
            }
            return 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fdinfo of " + fd, e);
        }
    }
}
