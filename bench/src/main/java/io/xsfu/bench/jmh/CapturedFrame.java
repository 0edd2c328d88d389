package io.xsfu.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Real Ethernet frames captured on a veth (GStreamer publisher, tcpdump), stored as hex under
 * {@code src/main/resources/frames/}; a leading {@code #} line describes each. How they were made is in
 * bench/README.md.
 */
public final class CapturedFrame {
    /** Opus audio, UDP payload 265 bytes. */
    public static final String OPUS = "opus";
    /** VP8 video, UDP payload 1200 bytes (a full video packet). */
    public static final String VP8 = "vp8-1200";

    private CapturedFrame() {
    }

    public static byte[] load(String name) {
        String resource = switch (name) {
            case OPUS -> "/frames/ipv4-rtp-opus.hex";
            case VP8 -> "/frames/ipv4-rtp-vp8-1200.hex";
            default -> throw new IllegalArgumentException("unknown frame " + name + " (" + OPUS + ", " + VP8 + ")");
        };
        try (InputStream in = CapturedFrame.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.strip());
                }
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
