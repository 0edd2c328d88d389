package io.xsfu.testbed;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A live RTP publisher: GStreamer test video (VP8) or a test tone (Opus), paced in real time, sent from a fixed
 * source port to one destination (or several), in clear or as SRTP. {@link #framesSent()} counts the encoded frames handed to the payloader.
 */
public final class GstPublisher implements AutoCloseable {
    static final String COUNTER = "xsfu_sent";

    private final GstProcess process;
    private final Builder b;

    private GstPublisher(Builder b) {
        this.b = b;
        this.process = GstProcess.start(b.ns, "publisher-" + b.media.name().toLowerCase() + "-" + b.ssrc,
                pipeline(b), COUNTER);
    }

    public static Builder video(Netns ns) {
        return new Builder(ns, GstMedia.VP8);
    }

    public static Builder audio(Netns ns) {
        return new Builder(ns, GstMedia.OPUS);
    }

    static String pipeline(Builder b) {
        String numBuffers = b.frames > 0 ? " num-buffers=" + b.frames : "";
        String source = switch (b.media) {
            // deadline=1: realtime encoding (as a browser does); keyframes every keyframeMaxDist frames so a
            // subscriber that joins late, or loses packets, decodes again within a second.
            case VP8 -> "videotestsrc is-live=true pattern=" + b.pattern + numBuffers
                    + " ! video/x-raw,width=" + b.width + ",height=" + b.height + ",framerate=" + b.fps + "/1"
                    + " ! vp8enc deadline=1 keyframe-max-dist=" + b.keyframeMaxDist
                    + " target-bitrate=" + b.bitrateKbps * 1000
                    + " ! identity name=" + COUNTER + " silent=false"
                    + " ! rtpvp8pay ssrc=" + b.ssrc + " pt=" + b.payloadType + " mtu=" + b.mtu
                    + " picture-id-mode=" + (b.pictureId ? "15-bit" : "none");
            // One 20 ms buffer per Opus frame (960 samples at 48 kHz), so frames map 1:1 to RTP packets.
            case OPUS -> "audiotestsrc is-live=true wave=sine samplesperbuffer=960" + numBuffers
                    + " ! audio/x-raw,rate=48000,channels=2"
                    + " ! opusenc bitrate=" + b.bitrateKbps * 1000
                    + " ! identity name=" + COUNTER + " silent=false"
                    + " ! rtpopuspay ssrc=" + b.ssrc + " pt=" + b.payloadType + " mtu=" + b.mtu;
        };
        if (b.srtp != null) {
            source += " ! " + b.srtp.encoder();
        }
        String bind = b.bindPort > 0 ? " bind-port=" + b.bindPort : "";
        if (b.destinations.size() == 1) {
            InetSocketAddress d = b.destinations.getFirst();
            return source + " ! udpsink host=" + Addresses.text(d.getAddress()) + " port=" + d.getPort() + bind
                    + " sync=false async=false";
        }
        String clients = b.destinations.stream().map(d -> Addresses.text(d.getAddress()) + ":" + d.getPort())
                .collect(java.util.stream.Collectors.joining(","));
        return source + " ! multiudpsink clients=" + clients + bind + " sync=false async=false";
    }

    /** Encoded frames handed to the payloader so far; after a clean finish, all of them were sent. */
    public long framesSent() {
        return process.count();
    }

    /**
     * Waits for the bounded stream to end and checks that it ended cleanly: exit code 0, end of stream reached,
     * and at least {@code frames} frames encoded (Opus adds one when the encoder drains at EOS). Returns
     * {@link #framesSent()}; throws with the process's output otherwise.
     */
    public long awaitFinished(Duration timeout) throws InterruptedException {
        if (b.frames == 0) {
            throw new IllegalStateException("an unbounded publisher never finishes; use stop()");
        }
        if (!process.awaitExit(timeout)) {
            throw new IllegalStateException("publisher still running after " + timeout + "\n" + diagnostics());
        }
        int exit = process.exitCode().orElseThrow();
        if (exit != 0 || !process.sawEos() || process.count() < b.frames) {
            throw new IllegalStateException("publisher did not finish cleanly (expected " + b.frames + " frames)\n"
                    + diagnostics());
        }
        return process.count();
    }

    /** Stops an unbounded (or unfinished) stream with EOS; returns the frames sent. */
    public long stop() {
        process.stop(Duration.ofSeconds(3));
        return process.count();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long ssrc() {
        return b.ssrc;
    }

    public int payloadType() {
        return b.payloadType;
    }

    public GstMedia media() {
        return b.media;
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

    public static final class Builder {
        private final Netns ns;
        private final GstMedia media;
        private final List<InetSocketAddress> destinations = new ArrayList<>();
        private int bindPort;
        private long ssrc;
        private int payloadType;
        private int frames;
        private int width = 320;
        private int height = 240;
        private int fps = 30;
        private int keyframeMaxDist = 30;
        private int bitrateKbps;
        private int mtu = 1200;
        private boolean pictureId = true;
        private String pattern = "smpte";
        private GstSrtp srtp;

        private Builder(Netns ns, GstMedia media) {
            this.ns = ns;
            this.media = media;
            this.payloadType = media.defaultPayloadType();
            this.ssrc = media == GstMedia.VP8 ? 0x1111_1111L : 0x2222_2222L;
            this.bitrateKbps = media == GstMedia.VP8 ? 300 : 32;
        }

        /**
         * Where to send; called more than once, every packet goes to each destination (a multiudpsink, whose
         * {@code clients} list takes IPv4 only in GStreamer 1.22: it cuts "host:port" at the first colon).
         */
        public Builder destination(InetAddress host, int port) {
            this.destinations.add(new InetSocketAddress(host, port));
            return this;
        }

        /** Fixed source port (default: the kernel picks one). */
        public Builder bindPort(int port) {
            this.bindPort = port;
            return this;
        }

        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc & 0xffffffffL;
            return this;
        }

        public Builder payloadType(int pt) {
            if (pt < 0 || pt > 127) {
                throw new IllegalArgumentException("payload type 0..127: " + pt);
            }
            this.payloadType = pt;
            return this;
        }

        /** Frames (video) or 20 ms buffers (audio) to send, then EOS; 0 (default) streams until stopped. */
        public Builder frames(int n) {
            this.frames = n;
            return this;
        }

        public Builder resolution(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder fps(int fps) {
            this.fps = fps;
            return this;
        }

        public Builder keyframeMaxDist(int frames) {
            this.keyframeMaxDist = frames;
            return this;
        }

        public Builder bitrateKbps(int kbps) {
            this.bitrateKbps = kbps;
            return this;
        }

        /** RTP payloader MTU (default 1200, like browsers, leaving room for SRTP and extensions). */
        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** VP8 payload descriptor with a 15-bit picture ID (default on, as browsers send). */
        public Builder pictureId(boolean on) {
            this.pictureId = on;
            return this;
        }

        /** videotestsrc pattern (default smpte; "ball" moves, which costs the encoder more). */
        public Builder pattern(String pattern) {
            this.pattern = pattern;
            return this;
        }

        /** Sends SRTP under this key (srtpenc after the payloader) instead of RTP in clear. */
        public Builder srtp(GstSrtp srtp) {
            this.srtp = srtp;
            return this;
        }

        public GstPublisher start() {
            if (destinations.isEmpty()) {
                throw new IllegalStateException("destination not set");
            }
            if (destinations.size() > 1 && destinations.stream().anyMatch(d -> d.getAddress() instanceof Inet6Address)) {
                throw new IllegalArgumentException("several destinations must all be IPv4: " + destinations);
            }
            return new GstPublisher(this);
        }
    }
}
