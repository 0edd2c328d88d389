package io.xsfu.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the BTF of the compiled program (the object the jar ships) with bpftool and checks that
 * {@link SteerAbi} describes it: the config struct, the map names, kinds and sizes, the verdict numbering
 * and the program name.
 */
class SteerAbiTest {
    /** enum bpf_map_type values of the maps' kinds, as the kernel numbers them. */
    private static final long BPF_MAP_TYPE_HASH = 1;
    private static final long BPF_MAP_TYPE_ARRAY = 2;
    private static final long BPF_MAP_TYPE_PERCPU_ARRAY = 6;
    private static final long BPF_MAP_TYPE_XSKMAP = 17;

    private static BtfDump btf;

    @BeforeAll
    static void dumpTheShippedObject(@TempDir Path dir) throws Exception {
        Path object = dir.resolve("xsfu_steer.bpf.o");
        try (InputStream in = SteerAbi.class.getResourceAsStream(SteerAbi.OBJECT_RESOURCE)) {
            assertNotNull(in, "resource " + SteerAbi.OBJECT_RESOURCE + " is missing: was build.sh run?");
            Files.copy(in, object);
        }
        btf = BtfDump.of(object);
    }

    @Test
    void configStructMatches() {
        BtfDump.Type config = btf.named("STRUCT", "xsfu_config");
        assertEquals(SteerAbi.CONFIG_SIZE, config.number("size"));
        assertField(config, "port_min", SteerAbi.CONFIG_PORT_MIN, 2);
        assertField(config, "port_max", SteerAbi.CONFIG_PORT_MAX, 2);
        assertField(config, "flags", SteerAbi.CONFIG_FLAGS, 4);
        assertEquals(3, config.members().size(), "xsfu_config has members SteerAbi does not know");
    }

    @Test
    void addressKeyMatches() {
        assertEquals(SteerAbi.ADDR_SIZE, btf.named("STRUCT", "xsfu_addr").number("size"));
    }

    @Test
    void mapsAreTheOnesJavaOpensByName() {
        Set<String> maps = btf.named("DATASEC", ".maps").members().stream()
                .map(BtfDump.Member::name).collect(Collectors.toSet());
        assertEquals(Set.of(SteerAbi.MAP_CONFIG, SteerAbi.MAP_ADDRS, SteerAbi.MAP_XSKS, SteerAbi.MAP_STATS), maps);
    }

    @Test
    void configMapIsOneConfigStruct() {
        assertEquals(BPF_MAP_TYPE_ARRAY, btf.mapAttribute(SteerAbi.MAP_CONFIG, "type"));
        assertEquals(1, btf.mapAttribute(SteerAbi.MAP_CONFIG, "max_entries"));
        assertEquals(4, btf.mapType(SteerAbi.MAP_CONFIG, "key").number("size"));
        assertEquals("xsfu_config", btf.mapType(SteerAbi.MAP_CONFIG, "value").name());
    }

    @Test
    void addressMapIsKeyedByAddress() {
        assertEquals(BPF_MAP_TYPE_HASH, btf.mapAttribute(SteerAbi.MAP_ADDRS, "type"));
        assertEquals(SteerAbi.MAX_ADDRS, btf.mapAttribute(SteerAbi.MAP_ADDRS, "max_entries"));
        assertEquals("xsfu_addr", btf.mapType(SteerAbi.MAP_ADDRS, "key").name());
        assertEquals(1, btf.mapType(SteerAbi.MAP_ADDRS, "value").number("size"));
    }

    @Test
    void socketMapHasOneSlotPerQueue() {
        assertEquals(BPF_MAP_TYPE_XSKMAP, btf.mapAttribute(SteerAbi.MAP_XSKS, "type"));
        assertEquals(SteerAbi.MAX_QUEUES, btf.mapAttribute(SteerAbi.MAP_XSKS, "max_entries"));
        assertEquals(4, btf.mapType(SteerAbi.MAP_XSKS, "key").number("size"));
        assertEquals(4, btf.mapType(SteerAbi.MAP_XSKS, "value").number("size"));
    }

    /** Java sums one u64 per possible CPU for each verdict. */
    @Test
    void statsMapIsOnePerCpuCounterPerVerdict() {
        assertEquals(BPF_MAP_TYPE_PERCPU_ARRAY, btf.mapAttribute(SteerAbi.MAP_STATS, "type"));
        assertEquals(SteerAbi.VERDICTS, btf.mapAttribute(SteerAbi.MAP_STATS, "max_entries"));
        assertEquals(4, btf.mapType(SteerAbi.MAP_STATS, "key").number("size"));
        assertEquals(8, btf.mapType(SteerAbi.MAP_STATS, "value").number("size"));
    }

    @Test
    void verdictNumberingMatches() throws ReflectiveOperationException {
        List<BtfDump.Member> values = btf.named("ENUM", "xsfu_verdict").members();
        assertEquals(SteerAbi.VERDICTS + 1, values.size(), "verdicts plus the XSFU_VERDICTS count");
        for (BtfDump.Member v : values) {
            String javaName = v.name().replaceFirst("^XSFU_", "");
            Field f = SteerAbi.class.getField(javaName);
            assertEquals(v.number("val"), f.getInt(null), v.name());
            if (!javaName.equals("VERDICTS")) {
                assertEquals(javaName.toLowerCase(Locale.ROOT), SteerAbi.VERDICT_NAMES[f.getInt(null)],
                        "counter name of " + v.name());
            }
        }
        assertEquals(SteerAbi.VERDICTS, SteerAbi.VERDICT_NAMES.length);
    }

    @Test
    void programNameMatches() {
        BtfDump.Type function = btf.named("FUNC", SteerAbi.PROGRAM_NAME);
        assertEquals("global", function.attrs().get("linkage"));
    }

    private static void assertField(BtfDump.Type struct, String name, int byteOffset, int byteSize) {
        BtfDump.Member m = struct.member(name);
        assertEquals(byteOffset * 8L, m.number("bits_offset"), "offset of xsfu_config." + name);
        assertEquals(byteSize, btf.resolve(m.number("type_id")).number("size"), "size of xsfu_config." + name);
    }
}
