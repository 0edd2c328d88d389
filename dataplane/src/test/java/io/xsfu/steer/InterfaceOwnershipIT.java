package io.xsfu.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.bpf.SteerAbi;
import io.xsfu.testbed.Shell;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may attach to an interface: one live xsfu at a time (in this process or another), a killed xsfu's
 * program is cleared away by the next one, and a program xsfu did not attach is never replaced.
 */
class InterfaceOwnershipIT {

    @ParameterizedTest
    @EnumSource(value = XdpMode.class, names = {"NATIVE", "SKB"})
    void aKilledOwnersProgramIsReplacedByTheNextOne(XdpMode mode, @TempDir Path logs) throws Exception {
        try (SteerTestbed bed = new SteerTestbed()) {
            Path childLog = logs.resolve("holder.log");
            Process holder = startHolder(bed, mode, childLog);
            try {
                int staleId = awaitAttached(holder, childLog);
                assertEquals(staleId, bed.attachedProgram().id());

                InterfaceInUseException refused = assertThrows(InterfaceInUseException.class,
                        () -> bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, mode)));
                assertTrue(refused.getMessage().contains("pid " + holder.pid()), refused.getMessage());
                assertEquals(staleId, bed.attachedProgram().id(), "a refused attach must not touch the owner's");

                holder.destroyForcibly();
                assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
                assertEquals(staleId, bed.attachedProgram().id(), "SIGKILL leaves the program attached");

                try (SteeringProgram ours = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, mode))) {
                    assertNotEquals(staleId, ours.programId());
                    SteerTestbed.AttachedProgram now = bed.attachedProgram();
                    assertEquals(ours.programId(), now.id());
                    assertEquals(SteerAbi.PROGRAM_NAME, now.name());
                    assertEquals(mode == XdpMode.SKB, now.generic());
                    // Detached and freed, not merely hidden behind ours.
                    SteerTestbed.awaitProgramGone(staleId);

                    ours.configure(40000, 40099, List.of(bed.sfuV4));
                    long[] before = ours.verdictCounts();
                    bed.sendUdp(bed.sfuV4, 40000, "media after takeover");
                    LongPredicate[] expected = anyDelta();
                    expected[SteerAbi.NO_SOCKET] = d -> d == 1;
                    SteerTestbed.awaitCounts(ours, before, expected);
                }
                assertNull(bed.attachedProgram());
            } finally {
                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void oneOwnerPerInterfaceWithinAProcess() throws Exception {
        try (SteerTestbed bed = new SteerTestbed();
             SteeringProgram first = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.NATIVE))) {
            InterfaceInUseException e = assertThrows(InterfaceInUseException.class,
                    () -> bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.SKB)));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals(first.programId(), bed.attachedProgram().id(), "the refused attach must not touch ours");
        }
    }

    @Test
    void aForeignProgramIsNeverReplaced(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("foreign_pass.bpf.c");
        try (InputStream in = InterfaceOwnershipIT.class.getResourceAsStream("foreign_pass.bpf.c")) {
            Files.copy(in, source);
        }
        Path object = dir.resolve("foreign_pass.bpf.o");
        String arch = Shell.run("gcc", "-dumpmachine").trim();
        Shell.run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch, "-c", source.toString(),
                "-o", object.toString());
        try (SteerTestbed bed = new SteerTestbed()) {
            bed.sfu.exec("ip", "link", "set", "dev", SteerTestbed.SFU_IF, "xdpgeneric", "obj", object.toString(),
                    "sec", "xdp");
            SteerTestbed.AttachedProgram foreign = bed.attachedProgram();
            assertNotNull(foreign);
            assertEquals("foreign_pass", foreign.name());

            for (XdpMode mode : XdpMode.values()) {
                InterfaceInUseException e = assertThrows(InterfaceInUseException.class,
                        () -> bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, mode)), mode.name());
                assertTrue(e.getMessage().contains("foreign_pass"), e.getMessage());
                assertEquals(foreign.id(), bed.attachedProgram().id());
            }
            // The interface is not left locked by the failed attempts.
            bed.sfu.exec("ip", "link", "set", "dev", SteerTestbed.SFU_IF, "xdpgeneric", "off");
            try (SteeringProgram ours = bed.sfu.call(() -> SteeringProgram.attach(SteerTestbed.SFU_IF, XdpMode.SKB))) {
                assertEquals(ours.programId(), bed.attachedProgram().id());
            }
        }
    }

    /** The holder runs the way the server does: its own JVM, under ip netns exec (private mount namespace). */
    private static Process startHolder(SteerTestbed bed, XdpMode mode, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                HoldSteeringProgram.class.getName(), SteerTestbed.SFU_IF, mode.name()));
        return new ProcessBuilder(bed.sfu.wrap(command)).redirectError(log.toFile()).start();
    }

    private static int awaitAttached(Process holder, Path log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String attached;
        try {
            attached = line.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            attached = null;
        }
        if (attached == null || !attached.startsWith("ATTACHED ")) {
            throw new AssertionError("holder did not attach (got " + attached + "):\n" + Files.readString(log));
        }
        return Integer.parseInt(attached.substring("ATTACHED ".length()).trim());
    }

    private static LongPredicate[] anyDelta() {
        LongPredicate[] expected = new LongPredicate[SteerAbi.VERDICTS];
        java.util.Arrays.fill(expected, (LongPredicate) d -> true);
        return expected;
    }
}
