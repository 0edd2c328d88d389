package io.xsfu.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LibbpfTest {

    /** Per-CPU map values have one slot per possible CPU: the count must be the kernel's, not the online one. */
    @Test
    void possibleCpusAreTheKernelsPossibleMask() throws Exception {
        int expected = 0;
        for (String range : Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim().split(",")) {
            String[] ends = range.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = ends.length == 1 ? first : Integer.parseInt(ends[1]);
            expected += last - first + 1;
        }
        assertEquals(expected, Libbpf.numPossibleCpus());
    }

    @Test
    void libbpfNamesItsOwnErrorCodes() {
        // LIBBPF_ERRNO__FORMAT
        assertEquals("BPF object format invalid", Libbpf.strerror(4001));
    }
}
