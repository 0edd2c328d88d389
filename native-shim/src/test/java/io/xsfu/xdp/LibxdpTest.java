package io.xsfu.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.NativeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What libxdp and libbpf do with bad input, through the facade: typed errors and routed, capturable logs. */
class LibxdpTest {

    @Test
    void aFileThatIsNotAnElfObjectIsATypedErrorWithLibbpfsReasonInTheLog(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("not-bpf.o"), "this is not an ELF object");
        NativeException e;
        try (NativeLog.Capture log = NativeLog.capture()) {
            e = assertThrows(NativeException.class, () -> Libxdp.programOpenFile(garbage.toString()));
            assertTrue(log.messages().stream().anyMatch(m -> m.startsWith("libbpf:") && m.contains("not-bpf.o")),
                    "libbpf's complaint was not routed to the capture: " + log.messages());
            log.succeeded();
        }
        assertEquals("xdp_program__open_file", e.function());
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    }

    @Test
    void aMissingFileIsNoSuchDevice(@TempDir Path dir) {
        String missing = dir.resolve("missing.o").toString();
        try (NativeLog.Capture log = NativeLog.capture()) {
            NativeException e = assertThrows(NativeException.class, () -> Libxdp.programOpenFile(missing));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e instanceof NativeException.NoSuchDeviceException, e.getClass().getName());
            log.succeeded();
        }
    }

    @Test
    void loopbackHasNoXdpProgram() {
        int lo = Libc.ifNameToIndex("lo");
        assertEquals(0L, Libxdp.multiprogFromIfindex(lo).address());
    }

    @Test
    void libxdpNamesErrnoValuesAndLibbpfCodes() {
        assertEquals(Libc.strerror(Errno.EBUSY), Libxdp.strerror(Errno.EBUSY));
        // LIBBPF_ERRNO__FORMAT: libbpf's own code, which strerror(3) does not know.
        assertEquals("BPF object format invalid", Libxdp.strerror(4001));
    }
}
