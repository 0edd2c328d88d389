package io.xsfu.bpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BTF of an object file as {@code bpftool btf dump file F format raw} prints it: one type per
 * {@code [id] KIND 'name' key=value...} line, followed by tab-indented member lines.
 */
final class BtfDump {
    private static final Pattern TYPE = Pattern.compile("^\\[(\\d+)] (\\w+) '([^']*)'(.*)$");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=([^\\s,]+)");
    private static final Pattern NAMED_MEMBER = Pattern.compile("^'([^']*)'(.*)$");
    private static final Pattern DATASEC_VAR = Pattern.compile("^type_id=(\\d+) offset=(\\d+) size=(\\d+) \\(VAR '([^']*)'\\)$");

    record Member(String name, Map<String, String> attrs) {
        long number(String key) {
            String v = attrs.get(key);
            if (v == null) {
                throw new AssertionError("member " + name + " has no " + key + ": " + attrs);
            }
            return Long.parseLong(v);
        }
    }

    record Type(int id, String kind, String name, Map<String, String> attrs, List<Member> members) {
        long number(String key) {
            String v = attrs.get(key);
            if (v == null) {
                throw new AssertionError(kind + " '" + name + "' has no " + key + ": " + attrs);
            }
            return Long.parseLong(v);
        }

        Member member(String memberName) {
            return members.stream().filter(m -> m.name().equals(memberName)).findFirst()
                    .orElseThrow(() -> new AssertionError(kind + " '" + name + "' has no member " + memberName));
        }
    }

    private final Map<Integer, Type> types = new LinkedHashMap<>();

    private BtfDump() {
    }

    static BtfDump of(Path object) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", object.toString(), "format", "raw")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bpftool btf dump failed:\n" + out);
        }
        return parse(out);
    }

    static BtfDump parse(String raw) {
        BtfDump dump = new BtfDump();
        Type current = null;
        for (String line : raw.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("\t")) {
                if (current == null) {
                    throw new AssertionError("member line before any type: " + line);
                }
                current.members().add(member(line.trim()));
                continue;
            }
            Matcher m = TYPE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("unexpected bpftool line: " + line);
            }
            current = new Type(Integer.parseInt(m.group(1)), m.group(2), m.group(3), attrs(m.group(4)),
                    new ArrayList<>());
            dump.types.put(current.id(), current);
        }
        return dump;
    }

    private static Member member(String line) {
        Matcher named = NAMED_MEMBER.matcher(line);
        if (named.matches()) {
            return new Member(named.group(1), attrs(named.group(2)));
        }
        Matcher var = DATASEC_VAR.matcher(line);
        if (var.matches()) {
            Map<String, String> attrs = new HashMap<>();
            attrs.put("type_id", var.group(1));
            attrs.put("offset", var.group(2));
            attrs.put("size", var.group(3));
            return new Member(var.group(4), attrs);
        }
        throw new AssertionError("unexpected member line: " + line);
    }

    private static Map<String, String> attrs(String text) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(text);
        while (m.find()) {
            attrs.put(m.group(1), m.group(2));
        }
        return attrs;
    }

    Type byId(long id) {
        Type t = types.get((int) id);
        if (t == null) {
            throw new AssertionError("no BTF type " + id);
        }
        return t;
    }

    /** The one type of {@code kind} named {@code name}. */
    Type named(String kind, String name) {
        List<Type> found = types.values().stream()
                .filter(t -> t.kind().equals(kind) && t.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " '" + name + "' in the BTF, found " + found.size());
        }
        return found.getFirst();
    }

    /** Follows typedefs and qualifiers to the type that has a size. */
    Type resolve(long id) {
        Type t = byId(id);
        while (t.kind().equals("TYPEDEF") || t.kind().equals("CONST") || t.kind().equals("VOLATILE")) {
            t = byId(t.number("type_id"));
        }
        return t;
    }

    /**
     * A BTF-defined map's integer attribute: {@code __uint(name, N)} is encoded as a pointer to an
     * array of N ints.
     */
    long mapAttribute(String mapName, String attribute) {
        Type def = resolve(named("VAR", mapName).number("type_id"));
        Type ptr = byId(def.member(attribute).number("type_id"));
        return byId(ptr.number("type_id")).number("nr_elems");
    }

    /** The type a map's {@code __type(key|value, T)} points to. */
    Type mapType(String mapName, String keyOrValue) {
        Type def = resolve(named("VAR", mapName).number("type_id"));
        Type ptr = byId(def.member(keyOrValue).number("type_id"));
        return resolve(ptr.number("type_id"));
    }
}
