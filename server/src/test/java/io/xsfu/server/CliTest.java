package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users call it: exit codes and the messages they read. */
class CliTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new Main()).execute(args);
            return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theShippedExamplesAreValid() throws Exception {
        try (var examples = Files.list(Path.of("..", "config", "examples"))) {
            for (Path p : examples.toList()) {
                Result r = run("check-config", p.toString());
                assertEquals(0, r.exit(), p + ": " + r.err());
                assertTrue(r.out().contains("OK"), r.out());
            }
        }
    }

    @Test
    void checkConfigNamesTheJsonPathOfEachError() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                { "media": { "interface": "eth0", "addresses": ["10.0.0.300"], "portMin": 40000, "portMax": 40010 },
                  "rooms": [ { "id": "r", "participants": [
                    { "id": "a", "port": 40000, "remote": { "comedia": true } },
                    { "id": "b", "port": 40000, "remote": { "comedia": true }, "recieve": true } ] } ] }
                """);
        Result r = run("check-config", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("$.media.addresses[0]"), r.err());
        assertTrue(r.err().contains("$.rooms[0].participants[1].port"), r.err());
        assertTrue(r.err().contains("$.rooms[0].participants[1].recieve"), r.err());
    }

    @Test
    void serveRefusesAnUnknownInterfaceNamingTheField() throws Exception {
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, """
                { "media": { "interface": "xsfu-nope0", "addresses": ["10.255.0.1"], "portMin": 40000, "portMax": 40010 },
                  "counters": { "directory": "%s" } }
                """.formatted(dir.resolve("counters")));
        Result r = run("serve", "--config", cfg.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("$.media.interface"), r.err());
        assertTrue(r.err().contains("xsfu-nope0"), r.err());
    }

    @Test
    void aMissingFileIsAClearError() {
        Result r = run("check-config", dir.resolve("nope.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("nope.json"), r.err());
    }
}
