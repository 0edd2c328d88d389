package io.xsfu.config;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the AF_XDP backend: how the XDP program attaches, how sockets bind, and the UMEM and
 * ring geometry per NIC queue. Ignored when the backend is {@link Backend#SOCKET}.
 *
 * @param frameSize      bytes per UMEM frame, 2048 or 4096
 * @param framesPerQueue UMEM frames per queue, a power of two, at least twice {@code ringSize}
 * @param ringSize       descriptors in each of the fill, completion, RX and TX rings, a power of two
 * @param needWakeup     use the kernel's need-wakeup flag so that idle rings cost no syscalls
 */
public record AfXdpConfig(XdpMode xdpMode, BindMode bindMode, int frameSize, int framesPerQueue, int ringSize,
                          boolean needWakeup) {

    public static final List<Integer> FRAME_SIZES = List.of(2048, 4096);
    public static final int MIN_FRAMES_PER_QUEUE = 128;
    public static final int MAX_FRAMES_PER_QUEUE = 1 << 18;
    public static final int MIN_RING_SIZE = 64;
    public static final int MAX_RING_SIZE = 1 << 15;

    public static final AfXdpConfig DEFAULTS = new AfXdpConfig(XdpMode.AUTO, BindMode.AUTO, 4096, 8192, 2048, true);

    /** Where the XDP program runs. */
    public enum XdpMode implements JsonName {
        /** Native (driver) mode if the driver supports it, otherwise generic (skb) mode. */
        AUTO("auto"),
        NATIVE("native"),
        SKB("skb");

        private final String jsonName;

        XdpMode(String jsonName) {
            this.jsonName = jsonName;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }
    }

    /** How AF_XDP sockets bind to their queue. */
    public enum BindMode implements JsonName {
        /** Zero-copy if the driver supports it, otherwise copy mode. */
        AUTO("auto"),
        ZEROCOPY("zerocopy"),
        COPY("copy");

        private final String jsonName;

        BindMode(String jsonName) {
            this.jsonName = jsonName;
        }

        @Override
        public String jsonName() {
            return jsonName;
        }
    }

    public AfXdpConfig {
        Objects.requireNonNull(xdpMode, "xdpMode");
        Objects.requireNonNull(bindMode, "bindMode");
    }

    /** Bytes of UMEM one queue needs. */
    public long umemBytesPerQueue() {
        return (long) frameSize * framesPerQueue;
    }

    public AfXdpConfig withXdpMode(XdpMode value) {
        return new AfXdpConfig(value, bindMode, frameSize, framesPerQueue, ringSize, needWakeup);
    }

    public AfXdpConfig withBindMode(BindMode value) {
        return new AfXdpConfig(xdpMode, value, frameSize, framesPerQueue, ringSize, needWakeup);
    }

    public AfXdpConfig withFrameSize(int value) {
        return new AfXdpConfig(xdpMode, bindMode, value, framesPerQueue, ringSize, needWakeup);
    }

    public AfXdpConfig withFramesPerQueue(int value) {
        return new AfXdpConfig(xdpMode, bindMode, frameSize, value, ringSize, needWakeup);
    }

    public AfXdpConfig withRingSize(int value) {
        return new AfXdpConfig(xdpMode, bindMode, frameSize, framesPerQueue, value, needWakeup);
    }

    public AfXdpConfig withNeedWakeup(boolean value) {
        return new AfXdpConfig(xdpMode, bindMode, frameSize, framesPerQueue, ringSize, value);
    }
}
