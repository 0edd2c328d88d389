package io.xsfu.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceLockTest {
    private static final long NETNS = 4026531840L;

    @Test
    void aSecondOwnerInTheSameProcessIsRefusedWithTheHoldersPid(@TempDir Path dir) {
        try (InterfaceLock first = InterfaceLock.acquire(dir, NETNS, 7, "eth7")) {
            InterfaceInUseException e = assertThrows(InterfaceInUseException.class,
                    () -> InterfaceLock.acquire(dir, NETNS, 7, "eth7"));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("eth7"), e.getMessage());
        }
    }

    @Test
    void otherInterfacesAndNamespacesAreIndependent(@TempDir Path dir) {
        try (InterfaceLock a = InterfaceLock.acquire(dir, NETNS, 7, "eth7");
             InterfaceLock b = InterfaceLock.acquire(dir, NETNS, 8, "eth8");
             InterfaceLock c = InterfaceLock.acquire(dir, NETNS + 1, 7, "eth7")) {
            assertTrue(Files.exists(a.file()) && Files.exists(b.file()) && Files.exists(c.file()));
        }
    }

    @Test
    void releasingRemovesTheFileAndFreesTheInterface(@TempDir Path dir) {
        Path file;
        try (InterfaceLock lock = InterfaceLock.acquire(dir, NETNS, 7, "eth7")) {
            file = lock.file();
        }
        assertFalse(Files.exists(file));
        try (InterfaceLock again = InterfaceLock.acquire(dir, NETNS, 7, "eth7")) {
            assertTrue(Files.exists(again.file()));
        }
    }

    /** The property the stale-program logic rests on: a killed owner's lock is free at once. */
    @Test
    void anotherProcessHoldsItUntilKilled(@TempDir Path dir) throws Exception {
        Path file = InterfaceLock.fileFor(dir, NETNS, 7);
        // One process from lock to kill: the shell locks fd 9 and then becomes sleep, keeping it.
        Process holder = new ProcessBuilder("sh", "-c", "exec 9>\"$0\" && flock 9 && echo locked && exec sleep 60",
                file.toString()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            assertThrows(InterfaceInUseException.class, () -> InterfaceLock.acquire(dir, NETNS, 7, "eth7"));
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        }
        try (InterfaceLock lock = InterfaceLock.acquire(dir, NETNS, 7, "eth7")) {
            assertTrue(Files.exists(lock.file()));
        }
    }
}
