package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Real clients end to end, the way a user sees it: {@code xsfu demo} starts the server as a child process
 * ({@code xsfu serve} under {@code ip netns exec}), two GStreamer VP8 publishers and four decoding
 * subscribers in their own namespaces, plus a malformed-packet flood at a media port during the run.
 * Every subscriber must decode at least 90 % of the frames its publisher sent.
 */
class EndToEndIT {
    private static final Pattern SUMMARY = Pattern.compile(
            "demo: backend=(\\w+) publishers=2 subscribers=4 frames_sent=(\\d+) frames_decoded_min=(\\d+) "
                    + "decoded_ratio_min=([0-9.]+) rx_pps=(\\d+) tx_pps=(\\d+) drops=(\\d+) result=(\\w+)");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void vp8PublishersReachDecodingSubscribersThroughTheSfuDespiteAMalformedFlood(Backend backend) {
        String name = backend.name().toLowerCase();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream tee = new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = new CommandLine(new Main()).execute("demo", "--duration", "8", "--backend", name, "--malformed-flood");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(out);
        assertTrue(m.find(), "summary line missing:\n" + out);
        assertEquals(name, m.group(1));
        long sent = Long.parseLong(m.group(2));
        long decodedMin = Long.parseLong(m.group(3));
        assertEquals(8 * 30, sent, "every publisher sent all its frames");
        assertTrue(decodedMin >= Math.ceil(0.9 * sent), "each subscriber decodes >= 90 %: " + decodedMin + "/" + sent);
        assertTrue(Long.parseLong(m.group(7)) > 0, "the flood's frames are counted drops");
        assertEquals("ok", m.group(8));
        assertEquals(0, exit);
    }

    /** Echoes to the console while keeping a copy for the assertions. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
