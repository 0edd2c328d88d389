package io.xsfu.testbed;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A simulcast publisher as a browser is one: one camera (a live, moving {@code videotestsrc}) encoded three times
 * (or as many as asked) by independent VP8 encoders at different sizes and bitrates, each encoding an RTP stream of
 * its own SSRC with the same payload type, all in one {@code rtpbin} session (AVPF, RTP and RTCP multiplexed on one
 * port, see {@link RtpBinPublisher} for how one port serves both directions). It sends a sender report per SSRC;
 * a PLI or FIR about one SSRC makes that encoding's encoder, and only that one, produce a keyframe.
 *
 * <p>How a keyframe request finds its encoder: rtpsession turns PLI/FIR about SSRC X into an upstream
 * {@code GstForceKeyUnit} event carrying {@code ssrc=X}; {@code rtpfunnel} forwards an upstream event with an
 * {@code ssrc} field only to the sink pad whose caps carry that SSRC (the payloader's), and the payloader passes it
 * on to its encoder. The test of this class checks that the other encoders make no keyframe.
 *
 * <p>Layers are given lowest first; the source has the size of the largest and the others are scaled down from it.
 * Each branch after the {@code tee} has a short leaky queue, so an encoder that falls behind drops raw frames instead
 * of delaying the others (and the counters show it).
 */
public final class GstSimulcastPublisher implements AutoCloseable {
    static final String RTPBIN = "xsfu_rtpbin";
    static final String BUNDLE = "xsfu_bundle";
    static final String FRAMES = "frames";
    static final String KEYFRAMES = "keyframes";
    static final String STATS = "stats";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    /** One encoding: its SSRC, picture size and the encoder's target bitrate. */
    public record Layer(long ssrc, int width, int height, int kbps) {
        public Layer {
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("even, positive sizes: " + width + "x" + height);
            }
            if (kbps <= 0) {
                throw new IllegalArgumentException("kbps must be positive: " + kbps);
            }
            ssrc &= 0xffffffffL;
        }
    }

    /**
     * The default layers: 320x180 at 150 kbit/s, 640x360 at 400 kbit/s and 960x540 at 900 kbit/s. The top is 540p,
     * not 720p, so that the three encoders stay well inside one of the machine's two cores next to two browsers.
     */
    public static List<Layer> defaultLayers(long firstSsrc) {
        return List.of(new Layer(firstSsrc, 320, 180, 150), new Layer(firstSsrc + 1, 640, 360, 400),
                new Layer(firstSsrc + 2, 960, 540, 900));
    }

    private final GstProcess process;
    private final Builder b;
    private final List<Layer> layers;

    private GstSimulcastPublisher(Builder b, List<Layer> layers) {
        this.b = b;
        this.layers = layers;
        List<GstProcess.LineProbe> probes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            probes.add(GstProcess.LineProbe.chain(FRAMES + i, encoded(i)));
            probes.add(GstProcess.LineProbe.chain(KEYFRAMES + i, keyframes(i)));
        }
        probes.add(new GstProcess.LineProbe(STATS, line -> line.contains(RtpSessionStats.LINE_MARKER)));
        this.process = GstProcess.start(b.ns, "simulcast-publisher-" + b.port, pipeline(b, layers), encoded(0),
                probes);
    }

    /** A publisher in {@code ns}; set its local address and port and where to send. */
    public static Builder in(Netns ns) {
        return new Builder(ns);
    }

    /** The identity element after layer {@code i}'s encoder. */
    static String encoded(int i) {
        return "xsfu_sent" + i;
    }

    /** The sink that sees only layer {@code i}'s keyframes. */
    static String keyframes(int i) {
        return "xsfu_key" + i;
    }

    static String pipeline(Builder b, List<Layer> layers) {
        int width = layers.stream().mapToInt(Layer::width).max().orElseThrow();
        int height = layers.stream().mapToInt(Layer::height).max().orElseThrow();
        String any = b.local instanceof Inet6Address ? "::" : "0.0.0.0";
        StringBuilder p = new StringBuilder();
        p.append("rtpbin name=").append(RTPBIN).append(" rtp-profile=avpf")
                .append(RtpBinPublisher.rtcpTiming(b.rtcpBandwidth, b.rtcpMinIntervalMs));
        String numBuffers = b.duration.isZero() ? "" : " num-buffers=" + b.duration.toMillis() * b.fps / 1000;
        // Scrolling colour bars: every pixel changes each frame, so the encoders need their bitrate (a ball on black
        // would leave the top layer far below its target).
        p.append(" videotestsrc is-live=true pattern=").append(b.pattern).append(" horizontal-speed=").append(b.motion)
                .append(numBuffers).append(" ! video/x-raw,width=").append(width).append(",height=").append(height)
                .append(",framerate=").append(b.fps).append("/1 ! tee name=xsfu_camera");
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            p.append(" xsfu_camera. ! queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream");
            if (l.width() != width || l.height() != height) {
                p.append(" ! videoscale ! video/x-raw,width=").append(l.width()).append(",height=").append(l.height());
            }
            // deadline=1: realtime, as a browser encodes; a large keyframe distance, so that keyframes after the
            // first are the ones asked for.
            p.append(" ! vp8enc deadline=1 cpu-used=").append(b.cpuUsed).append(" keyframe-max-dist=")
                    .append(b.keyframeMaxDist).append(" target-bitrate=").append(l.kbps() * 1000L)
                    .append(" ! tee name=xsfu_enc").append(i)
                    .append(" ! identity name=").append(encoded(i)).append(" silent=false")
                    .append(" ! rtpvp8pay ssrc=").append(l.ssrc()).append(" pt=").append(b.payloadType)
                    .append(" mtu=").append(b.mtu).append(" picture-id-mode=15-bit ! ").append(BUNDLE).append('.');
            // Keyframes counted on a branch of their own: gst-launch prints an element's last-message when notified
            // but reads it afterwards, so of two buffers in quick succession (a keyframe and the next frame) only
            // the second may be printed. Here consecutive buffers are keyframes, seconds apart. vp8enc marks every
            // other frame as a delta unit.
            p.append(" xsfu_enc").append(i).append(". ! identity drop-buffer-flags=delta-unit ! fakesink name=")
                    .append(keyframes(i)).append(" silent=false sync=false async=false");
        }
        p.append(" rtpfunnel name=").append(BUNDLE).append(" ! ").append(RTPBIN).append(".send_rtp_sink_0");
        p.append(' ').append(RTPBIN).append(".send_rtp_src_0 ! funnel name=xsfu_out ! udpsink host=")
                .append(Addresses.text(b.remote.getAddress())).append(" port=").append(b.remote.getPort())
                .append(" bind-address=").append(any).append(" bind-port=").append(b.port)
                .append(" sync=false async=false");
        p.append(' ').append(RTPBIN).append(".send_rtcp_src_0 ! xsfu_out.");
        p.append(" udpsrc address=").append(Addresses.text(b.local)).append(" port=").append(b.port)
                .append(" caps=application/x-rtp ! ").append(RTPBIN).append(".recv_rtp_sink_0");
        return p.toString();
    }

    /** The encodings, lowest first, as configured. */
    public List<Layer> layers() {
        return layers;
    }

    /** The SSRCs of the encodings, lowest first. */
    public List<Long> ssrcs() {
        return layers.stream().map(Layer::ssrc).toList();
    }

    public long ssrc(int layer) {
        return layers.get(layer).ssrc();
    }

    /** The index of the layer with this SSRC, or -1. */
    public int layerOf(long ssrc) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).ssrc() == (ssrc & 0xffffffffL)) {
                return i;
            }
        }
        return -1;
    }

    public int payloadType() {
        return b.payloadType;
    }

    public int fps() {
        return b.fps;
    }

    /**
     * Frames layer {@code layer}'s encoder handed to its payloader so far, as printed by gst-launch: it may miss a
     * frame that closely follows another (see {@link #pipeline}), so treat it as a lower bound.
     */
    public long framesSent(int layer) {
        return process.count(FRAMES + checkLayer(layer));
    }

    /**
     * Keyframes among {@link #framesSent(int)} (the first one, plus one per honoured PLI/FIR about its SSRC), as
     * printed by gst-launch: a lower bound too (CI once saw the first one missing). Count them on the wire where it
     * matters.
     */
    public long keyframesSent(int layer) {
        return process.count(KEYFRAMES + checkLayer(layer));
    }

    public boolean awaitFramesSent(int layer, long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(FRAMES + checkLayer(layer), n, timeout);
    }

    public boolean awaitKeyframes(int layer, long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(KEYFRAMES + checkLayer(layer), n, timeout);
    }

    /**
     * The statistics the session last notified (see {@link RtpBinPublisher#stats()}: updated when RTCP arrives,
     * not periodically); empty before the first.
     */
    public Optional<RtpSessionStats> stats() {
        return process.lastMatch(STATS).map(RtpSessionStats::parse);
    }

    /** CPU time the whole pipeline (source, scalers, encoders, rtpbin) used so far. */
    public Optional<Duration> cpuTime() {
        return process.cpuTime();
    }

    /** Where its RTP leaves from and its RTCP is received. */
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(b.local, b.port);
    }

    public InetSocketAddress remoteAddress() {
        return b.remote;
    }

    /** Sends EOS (SIGINT), which ends the media and sends an RTCP BYE per SSRC, then ends. */
    public void stop() {
        process.stop(Duration.ofSeconds(3));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public GstProcess process() {
        return process;
    }

    public String diagnostics() {
        return process.diagnostics();
    }

    @Override
    public void close() {
        process.close();
    }

    private int checkLayer(int layer) {
        if (layer < 0 || layer >= layers.size()) {
            throw new IndexOutOfBoundsException("layer " + layer + " of " + layers.size());
        }
        return layer;
    }

    public static final class Builder {
        private final Netns ns;
        private InetAddress local;
        private int port;
        private InetSocketAddress remote;
        private final List<Layer> layers = new ArrayList<>();
        private int payloadType = 96;
        private int fps = 30;
        private Duration duration = Duration.ZERO;
        private int cpuUsed = 16;
        private int keyframeMaxDist = 3000;
        private int mtu = 1200;
        private String pattern = "smpte";
        private int motion = 2;
        private int rtcpBandwidth = 50_000;
        private int rtcpMinIntervalMs = 1000;

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /**
         * The client's own address and the port its RTP leaves from and its RTCP arrives on (the receiving socket
         * binds this address: it must be the one the peer sends to).
         */
        public Builder local(InetAddress address, int port) {
            this.local = address;
            this.port = RtpBinPublisher.checkPort(port);
            return this;
        }

        /** Where RTP and RTCP go: the SFU's plain transport port. */
        public Builder remote(InetAddress address, int port) {
            this.remote = new InetSocketAddress(address, RtpBinPublisher.checkPort(port));
            return this;
        }

        /** Adds an encoding (call once per layer, lowest first); none: {@link #defaultLayers} from 0x5100. */
        public Builder layer(long ssrc, int width, int height, int kbps) {
            layers.add(new Layer(ssrc, width, height, kbps));
            return this;
        }

        /** The encodings, lowest first, replacing any added before. */
        public Builder layers(List<Layer> layers) {
            this.layers.clear();
            this.layers.addAll(layers);
            return this;
        }

        /** The payload type of every encoding (default 96). */
        public Builder payloadType(int pt) {
            this.payloadType = RtpBinPublisher.checkPt(pt);
            return this;
        }

        public Builder fps(int fps) {
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("fps 1..60: " + fps);
            }
            this.fps = fps;
            return this;
        }

        /** How long to stream before EOS; zero (default) streams until stopped. */
        public Builder duration(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative duration: " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** vp8enc's speed/quality trade (-16..16, default 16: fastest, what a shared 2-core machine can afford). */
        public Builder cpuUsed(int cpuUsed) {
            if (cpuUsed < -16 || cpuUsed > 16) {
                throw new IllegalArgumentException("cpu-used -16..16: " + cpuUsed);
            }
            this.cpuUsed = cpuUsed;
            return this;
        }

        /** Frames between scheduled keyframes (default 3000: in a test, every other keyframe was requested). */
        public Builder keyframeMaxDist(int frames) {
            this.keyframeMaxDist = frames;
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** videotestsrc pattern (default smpte) and how many pixels it scrolls per frame (default 2). */
        public Builder pattern(String pattern, int pixelsPerFrame) {
            this.pattern = pattern;
            this.motion = pixelsPerFrame;
            return this;
        }

        /** RTCP bandwidth in bytes/s (default 50000; 0 keeps GStreamer's default). */
        public Builder rtcpBandwidth(int bytesPerSecond) {
            this.rtcpBandwidth = bytesPerSecond;
            return this;
        }

        /** Minimum interval between regular RTCP (SR) packets (default 1000 ms; 0 keeps GStreamer's 5 s). */
        public Builder rtcpMinIntervalMs(int ms) {
            this.rtcpMinIntervalMs = ms;
            return this;
        }

        /** Starts and returns once the pipeline plays (its port is bound); throws with its output otherwise. */
        public GstSimulcastPublisher start() throws InterruptedException {
            if (local == null || remote == null) {
                throw new IllegalStateException("local and remote must be set");
            }
            Addresses.requireSameFamily(local, remote);
            List<Layer> chosen = layers.isEmpty() ? defaultLayers(0x5100) : List.copyOf(layers);
            Set<Long> ssrcs = new HashSet<>();
            for (Layer l : chosen) {
                if (!ssrcs.add(l.ssrc())) {
                    throw new IllegalArgumentException("two layers with SSRC " + l.ssrc());
                }
            }
            GstSimulcastPublisher p = new GstSimulcastPublisher(this, chosen);
            if (!p.process.awaitPlaying(READY_TIMEOUT)) {
                String diag = p.diagnostics();
                p.close();
                throw new IllegalStateException("simulcast publisher did not start\n" + diag);
            }
            return p;
        }
    }
}
