package io.xsfu.xdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xsfu.sys.Errno;
import io.xsfu.sys.Libc;
import io.xsfu.sys.SocketStructs;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code struct_layouts.c} against the installed kernel and library headers, runs it, and checks
 * every Java mirror against what the C compiler says: struct sizes, every member's offset and size in both
 * directions (no C member missing from Java, no Java member C does not have), and the constants that go with
 * them. Covers {@link XdpStructs}, {@link BpfStructs}, {@link SocketStructs}, {@link Libc}'s epoll_event and
 * constants, {@link Errno}, and the enums of {@link Libbpf}, {@link Libxdp} and {@link NativeLog}.
 */
class StructLayoutsTest {
    /** C struct name to its Java layout. */
    private static final Map<String, StructLayout> STRUCTS = Map.ofEntries(
            Map.entry("sockaddr_xdp", XdpStructs.SOCKADDR_XDP),
            Map.entry("xdp_ring_offset", XdpStructs.XDP_RING_OFFSET),
            Map.entry("xdp_mmap_offsets", XdpStructs.XDP_MMAP_OFFSETS_LAYOUT),
            Map.entry("xdp_umem_reg", XdpStructs.XDP_UMEM_REG_LAYOUT),
            Map.entry("xdp_statistics", XdpStructs.XDP_STATISTICS_LAYOUT),
            Map.entry("xdp_options", XdpStructs.XDP_OPTIONS_LAYOUT),
            Map.entry("xdp_desc", XdpStructs.XDP_DESC),
            Map.entry("sockaddr_in", SocketStructs.SOCKADDR_IN),
            Map.entry("sockaddr_in6", SocketStructs.SOCKADDR_IN6),
            Map.entry("iovec", SocketStructs.IOVEC),
            Map.entry("msghdr", SocketStructs.MSGHDR),
            Map.entry("mmsghdr", SocketStructs.MMSGHDR),
            Map.entry("bpf_link_info", BpfStructs.LINK_INFO));
    /** Kernel info structs grow with every release; Java mirrors a prefix, which the kernel accepts. */
    private static final List<String> PREFIX_STRUCTS = List.of("bpf_link_info");
    /** Structs the C side describes that have no Java layout, only constants (checked as such). */
    private static final List<String> CONSTANT_ONLY = List.of("epoll_event");
    private static final Map<String, Class<?>> CLASSES = Map.of(
            "XdpStructs", XdpStructs.class, "BpfStructs", BpfStructs.class, "Libbpf", Libbpf.class,
            "Libxdp", Libxdp.class, "NativeLog", NativeLog.class, "Libc", Libc.class, "Errno", Errno.class);

    private static final Map<String, Long> sizes = new LinkedHashMap<>();
    private static final Map<String, List<Member>> members = new LinkedHashMap<>();
    private static final Map<String, Long> constants = new LinkedHashMap<>();

    private record Member(String path, long offset, long size) {
    }

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("struct_layouts.c");
        try (InputStream in = StructLayoutsTest.class.getResourceAsStream("struct_layouts.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("struct_layouts");
        run(List.of("gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
        for (String line : run(List.of(binary.toString())).split("\n")) {
            String[] f = line.trim().split(" ");
            switch (f[0]) {
                case "S" -> sizes.put(f[1], Long.parseLong(f[2]));
                case "F" -> members.computeIfAbsent(f[1], k -> new ArrayList<>())
                        .add(new Member(f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                case "K" -> constants.put(f[1], Long.parseLong(f[2]));
                default -> fail("unexpected line from the C program: " + line);
            }
        }
    }

    @Test
    void everyMirroredStructIsDescribedByTheCompiler() {
        for (String name : STRUCTS.keySet()) {
            assertTrue(sizes.containsKey(name), "the C program does not describe struct " + name);
        }
        for (String name : sizes.keySet()) {
            assertTrue(STRUCTS.containsKey(name) || CONSTANT_ONLY.contains(name),
                    "struct " + name + " is described in C but has no Java layout in this test");
        }
    }

    @Test
    void structSizesMatch() {
        STRUCTS.forEach((name, layout) -> {
            long c = sizes.get(name);
            if (PREFIX_STRUCTS.contains(name)) {
                assertTrue(layout.byteSize() <= c, name + ": Java prefix " + layout.byteSize() + " > C size " + c);
            } else {
                assertEquals(c, layout.byteSize(), "sizeof(struct " + name + ")");
            }
        });
    }

    @Test
    void everyCMemberHasTheSameOffsetAndSizeInJava() {
        STRUCTS.forEach((name, layout) -> {
            for (Member m : members.get(name)) {
                PathElement[] path = pathOf(m.path());
                long offset;
                long size;
                try {
                    offset = layout.byteOffset(path);
                    size = layout.select(path).byteSize();
                } catch (IllegalArgumentException e) {
                    fail(name + "." + m.path() + " exists in C but not in the Java layout " + layout);
                    return;
                }
                assertEquals(m.offset(), offset, "offsetof(struct " + name + ", " + m.path() + ")");
                assertEquals(m.size(), size, "sizeof(struct " + name + "." + m.path() + ")");
            }
        });
    }

    @Test
    void everyJavaMemberExistsInC() {
        STRUCTS.forEach((name, layout) -> {
            List<String> described = members.get(name).stream().map(Member::path).toList();
            for (String path : namedMemberPaths(layout, "")) {
                assertTrue(described.contains(path), "Java layout " + name + " has member " + path
                        + " that the C program does not describe");
            }
        });
    }

    @Test
    void constantsMatchTheHeaders() throws ReflectiveOperationException {
        assertFalse(constants.isEmpty());
        for (Map.Entry<String, Long> e : constants.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Class<?> owner = CLASSES.get(parts[0]);
            assertTrue(owner != null, "no class for " + e.getKey());
            Field field = owner.getDeclaredField(parts[1]);
            field.setAccessible(true);
            long java = ((Number) field.get(null)).longValue();
            // Java shorts hold C's unsigned 16-bit flags: compare the bits, not the sign.
            if (field.getType() == short.class) {
                java &= 0xffff;
            }
            assertEquals(e.getValue(), java, e.getKey());
        }
    }

    /** "rx.producer" -> groupElement("rx"), groupElement("producer"). */
    private static PathElement[] pathOf(String dotted) {
        String[] parts = dotted.split("\\.");
        PathElement[] path = new PathElement[parts.length];
        for (int i = 0; i < parts.length; i++) {
            path[i] = PathElement.groupElement(parts[i]);
        }
        return path;
    }

    /** Every named member and nested member of {@code layout}, as dotted paths; padding is not a member. */
    private static List<String> namedMemberPaths(GroupLayout layout, String prefix) {
        List<String> paths = new ArrayList<>();
        for (MemoryLayout m : layout.memberLayouts()) {
            if (m instanceof PaddingLayout || m.name().isEmpty()) {
                continue;
            }
            String path = prefix + m.name().get();
            paths.add(path);
            if (m instanceof GroupLayout g) {
                paths.addAll(namedMemberPaths(g, path + "."));
            }
        }
        return paths;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
