package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class NetnsIT {
    @Test
    void deleteOrphansRemovesOnlyNamespacesWhoseOwnerIsGone() throws Exception {
        String suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        String orphan = Netns.PREFIX + "orph-" + suffix;
        String owned = Netns.PREFIX + "owned-" + suffix;
        String unknown = Netns.PREFIX + "unk-" + suffix;
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        try {
            for (String n : List.of(orphan, owned, unknown)) {
                Shell.run("ip", "netns", "add", n);
            }
            Files.createDirectories(Netns.OWNERS);
            Files.writeString(Netns.OWNERS.resolve(orphan), finished.pid() + " 1");
            Files.writeString(Netns.OWNERS.resolve(owned), sleeper.pid() + " " + startTime(sleeper.pid()));

            List<String> deleted = Netns.deleteOrphans();

            assertTrue(deleted.contains(orphan), deleted.toString());
            assertFalse(deleted.contains(owned), "its owner is alive");
            assertFalse(deleted.contains(unknown), "no record: perhaps another run's, left alone");
            List<String> names = Netns.list();
            assertFalse(names.contains(orphan));
            assertTrue(names.contains(owned) && names.contains(unknown));
            assertFalse(Files.exists(Netns.OWNERS.resolve(orphan)));
        } finally {
            sleeper.destroyForcibly();
            for (String n : List.of(orphan, owned, unknown)) {
                Shell.tryRun(List.of("ip", "netns", "del", n));
                Files.deleteIfExists(Netns.OWNERS.resolve(n));
            }
        }
    }

    @Test
    void createdNamespacesRecordTheirOwnerAndForgetItOnClose() throws Exception {
        Netns ns = Netns.create("rec");
        Path record = Netns.OWNERS.resolve(ns.name());
        try {
            String[] owner = Files.readString(record).trim().split(" ");
            assertEquals(String.valueOf(ProcessHandle.current().pid()), owner[0]);
            assertEquals(startTime(ProcessHandle.current().pid()), owner[1]);
            assertTrue(Netns.list().contains(ns.name()));
        } finally {
            ns.close();
        }
        assertFalse(Files.exists(record));
        assertFalse(Netns.list().contains(ns.name()));
    }

    private static String startTime(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }
}
