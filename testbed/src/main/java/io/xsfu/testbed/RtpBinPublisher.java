package io.xsfu.testbed;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A publisher that speaks RTCP, as a browser does towards an SFU: VP8 video (and optionally Opus audio) through one
 * GStreamer {@code rtpbin} session with the AVPF profile, RTP and RTCP multiplexed on one UDP port (RFC 5761) in
 * both directions. It sends sender reports; a PLI or FIR arriving on its port makes the encoder produce a keyframe;
 * with RTX configured, a generic NACK makes {@code rtprtxsend} retransmit the packet (RFC 4588) from its SSRC and
 * payload type.
 *
 * <p>How one port serves both directions with gst-launch: the receiving {@code udpsrc} binds the client's own
 * address and the sending {@code udpsink} binds the wildcard address with the same port ({@code bind-port}; both
 * sockets have SO_REUSEADDR). Datagrams to that port go to the socket bound to the specific address (the kernel
 * prefers the more specific bind), while what the publisher sends leaves from that port. Incoming RTCP enters the
 * session's {@code recv_rtp_sink}: rtpsession treats a datagram that is not valid RTP as RTCP, which is its
 * rtcp-mux support. Both streams share the session through {@code rtpfunnel}, as a BUNDLE-d browser sends them.
 *
 * <p>Counters are live: {@link #framesSent()} (encoded video frames), {@link #keyframesSent()},
 * {@link #audioFramesSent()}, and the session's {@link #stats()} (PLI/FIR/NACK received per SSRC).
 */
public final class RtpBinPublisher implements AutoCloseable {
    static final String RTPBIN = "xsfu_rtpbin";
    static final String VIDEO = "xsfu_sent";
    static final String AUDIO = "xsfu_audio";
    static final String KEYFRAMES = "keyframes";
    static final String STATS = "stats";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final GstProcess process;
    private final Builder b;

    private RtpBinPublisher(Builder b) {
        this.b = b;
        List<GstProcess.LineProbe> probes = new ArrayList<>();
        // vp8enc marks every frame but a keyframe as a delta unit.
        probes.add(GstProcess.LineProbe.chainWith(KEYFRAMES, VIDEO, line -> !line.contains("delta-unit")));
        probes.add(GstProcess.LineProbe.chain(AUDIO, AUDIO));
        probes.add(new GstProcess.LineProbe(STATS, line -> line.contains(RtpSessionStats.LINE_MARKER)));
        this.process = GstProcess.start(b.ns, "rtpbin-publisher-" + b.port, pipeline(b), VIDEO, probes);
    }

    /** A publisher in {@code ns}; set its local address and port and the SFU's address. */
    public static Builder in(Netns ns) {
        return new Builder(ns);
    }

    static String pipeline(Builder b) {
        String any = b.local instanceof Inet6Address ? "::" : "0.0.0.0";
        StringBuilder p = new StringBuilder();
        p.append("rtpbin name=").append(RTPBIN).append(" rtp-profile=avpf").append(rtcpTiming(b.rtcpBandwidth, b.rtcpMinIntervalMs));
        // deadline=1: realtime encoding as a browser does. The keyframe interval is large by default so that a
        // keyframe a test sees was asked for (PLI/FIR), not scheduled.
        p.append(" videotestsrc is-live=true pattern=").append(b.pattern)
                .append(" ! video/x-raw,width=").append(b.width).append(",height=").append(b.height)
                .append(",framerate=").append(b.fps).append("/1")
                .append(" ! vp8enc deadline=1 keyframe-max-dist=").append(b.keyframeMaxDist)
                .append(" target-bitrate=").append(b.videoKbps * 1000)
                .append(" ! identity name=").append(VIDEO).append(" silent=false")
                .append(" ! rtpvp8pay ssrc=").append(b.videoSsrc).append(" pt=").append(b.videoPt)
                .append(" mtu=").append(b.mtu).append(" picture-id-mode=15-bit");
        if (b.rtxPt > 0) {
            // The retransmission cache holds 2 s whatever the packet rate; requests for older packets go unanswered.
            p.append(" ! rtprtxsend payload-type-map=\"application/x-rtp-pt-map,").append(b.videoPt).append("=(uint)")
                    .append(b.rtxPt).append("\" ssrc-map=\"application/x-rtp-ssrc-map,").append(b.videoSsrc)
                    .append("=(uint)").append(b.rtxSsrc).append("\" max-size-time=2000 max-size-packets=0");
        }
        p.append(" ! rtpfunnel name=xsfu_bundle ! ").append(RTPBIN).append(".send_rtp_sink_0");
        if (b.audio) {
            // One 20 ms buffer per Opus frame (960 samples at 48 kHz), so frames map 1:1 to RTP packets.
            p.append(" audiotestsrc is-live=true wave=sine samplesperbuffer=960 ! audio/x-raw,rate=48000,channels=2")
                    .append(" ! opusenc bitrate=").append(b.audioKbps * 1000)
                    .append(" ! identity name=").append(AUDIO).append(" silent=false")
                    .append(" ! rtpopuspay ssrc=").append(b.audioSsrc).append(" pt=").append(b.audioPt)
                    .append(" mtu=").append(b.mtu).append(" ! xsfu_bundle.");
        }
        p.append(' ').append(RTPBIN).append(".send_rtp_src_0 ! funnel name=xsfu_out ! udpsink host=")
                .append(Addresses.text(b.remote.getAddress())).append(" port=").append(b.remote.getPort())
                .append(" bind-address=").append(any).append(" bind-port=").append(b.port)
                .append(" sync=false async=false");
        p.append(' ').append(RTPBIN).append(".send_rtcp_src_0 ! xsfu_out.");
        p.append(" udpsrc address=").append(Addresses.text(b.local)).append(" port=").append(b.port)
                .append(" caps=application/x-rtp ! ").append(RTPBIN).append(".recv_rtp_sink_0");
        return p.toString();
    }

    /**
     * The session's RTCP timing, set on the rtpbin's session through gst-launch's child-proxy syntax
     * ({@code rtpsession0::property}). More bandwidth (bytes/s, for senders and receivers) lets AVPF early feedback
     * (NACK, PLI) go out more often; the minimum interval (GStreamer's default is 5 s) bounds how often regular
     * reports go: 1 s gives an SR or RR about every second, as browsers send them. 0 keeps GStreamer's default.
     */
    static String rtcpTiming(int bandwidth, int minIntervalMs) {
        String s = "";
        if (bandwidth > 0) {
            s += " rtpsession0::rtcp-rr-bandwidth=" + bandwidth + " rtpsession0::rtcp-rs-bandwidth=" + bandwidth;
        }
        if (minIntervalMs > 0) {
            s += " rtpsession0::rtcp-min-interval=" + minIntervalMs * 1_000_000L;
        }
        return s;
    }

    /** Encoded video frames handed to the payloader so far. */
    public long framesSent() {
        return process.count();
    }

    /** Keyframes among {@link #framesSent()}: the first one, plus one per honoured PLI/FIR. */
    public long keyframesSent() {
        return process.count(KEYFRAMES);
    }

    /** Opus frames (20 ms each) handed to the payloader so far; 0 without audio. */
    public long audioFramesSent() {
        return process.count(AUDIO);
    }

    public boolean awaitFramesSent(long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(n, timeout);
    }

    public boolean awaitKeyframes(long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(KEYFRAMES, n, timeout);
    }

    /**
     * The statistics the session last notified; empty before the first. rtpsession notifies when RTCP it receives
     * changes what it knows (a new source, a report), not periodically: read them as "what the peer's RTCP told
     * it", never as a live counter (count keyframes and retransmissions on the wire instead).
     */
    public Optional<RtpSessionStats> stats() {
        return process.lastMatch(STATS).map(RtpSessionStats::parse);
    }

    /** Sends EOS (SIGINT), which ends the media and sends an RTCP BYE, then ends; returns the frames sent. */
    public long stop() {
        process.stop(Duration.ofSeconds(3));
        return process.count();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long videoSsrc() {
        return b.videoSsrc;
    }

    public int videoPayloadType() {
        return b.videoPt;
    }

    /** The RTX SSRC (meaningful when {@link #rtxPayloadType()} is not 0). */
    public long rtxSsrc() {
        return b.rtxSsrc;
    }

    /** The RTX payload type, 0 without RTX. */
    public int rtxPayloadType() {
        return b.rtxPt;
    }

    public long audioSsrc() {
        return b.audioSsrc;
    }

    public int audioPayloadType() {
        return b.audioPt;
    }

    /** Where its RTP leaves from and its RTCP is received. */
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(b.local, b.port);
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
        private InetAddress local;
        private int port;
        private InetSocketAddress remote;
        private long videoSsrc = 0x1111_1111L;
        private int videoPt = 96;
        private long rtxSsrc = 0x1111_2222L;
        private int rtxPt;
        private boolean audio;
        private long audioSsrc = 0x2222_2222L;
        private int audioPt = 111;
        private int width = 320;
        private int height = 240;
        private int fps = 30;
        private int keyframeMaxDist = 3000;
        private int videoKbps = 300;
        private int audioKbps = 32;
        private int mtu = 1200;
        private String pattern = "smpte";
        private int rtcpBandwidth = 50_000;
        private int rtcpMinIntervalMs = 1000;

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /**
         * The client's own address and the port its RTP leaves from and its RTCP arrives on. The address must be
         * the one the peer sends to: the receiving socket binds it (see the class comment).
         */
        public Builder local(InetAddress address, int port) {
            this.local = address;
            this.port = checkPort(port);
            return this;
        }

        /** Where RTP and RTCP go: the SFU's port for this participant (or another client's, without an SFU). */
        public Builder remote(InetAddress address, int port) {
            this.remote = new InetSocketAddress(address, checkPort(port));
            return this;
        }

        public Builder video(long ssrc, int payloadType) {
            this.videoSsrc = ssrc & 0xffffffffL;
            this.videoPt = checkPt(payloadType);
            return this;
        }

        /** Retransmission (RFC 4588) of NACKed video packets from this SSRC with this payload type. */
        public Builder rtx(long ssrc, int payloadType) {
            this.rtxSsrc = ssrc & 0xffffffffL;
            this.rtxPt = checkPt(payloadType);
            return this;
        }

        /** Adds an Opus stream (a 20 ms sine tone per packet) in the same session. */
        public Builder audio(long ssrc, int payloadType) {
            this.audio = true;
            this.audioSsrc = ssrc & 0xffffffffL;
            this.audioPt = checkPt(payloadType);
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

        /** Frames between scheduled keyframes (default 3000: in a test, every other keyframe was requested). */
        public Builder keyframeMaxDist(int frames) {
            this.keyframeMaxDist = frames;
            return this;
        }

        public Builder videoKbps(int kbps) {
            this.videoKbps = kbps;
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** videotestsrc pattern (default smpte; "ball" moves, which costs the encoder more). */
        public Builder pattern(String pattern) {
            this.pattern = pattern;
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
        public RtpBinPublisher start() throws InterruptedException {
            if (local == null || remote == null) {
                throw new IllegalStateException("local and remote must be set");
            }
            Addresses.requireSameFamily(local, remote);
            if (rtxPt > 0 && (rtxPt == videoPt || rtxSsrc == videoSsrc)) {
                throw new IllegalArgumentException("RTX needs its own payload type and SSRC");
            }
            RtpBinPublisher p = new RtpBinPublisher(this);
            if (!p.process.awaitPlaying(READY_TIMEOUT)) {
                String diag = p.diagnostics();
                p.close();
                throw new IllegalStateException("publisher did not start\n" + diag);
            }
            return p;
        }
    }

    static int checkPt(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type 0..127: " + pt);
        }
        if (pt >= 64 && pt <= 95) {
            // RFC 5761 §4: with rtcp-mux these collide with RTCP packet types 192..223.
            throw new IllegalArgumentException("payload types 64..95 collide with RTCP under rtcp-mux: " + pt);
        }
        return pt;
    }

    static int checkPort(int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port 1..65535: " + port);
        }
        return port;
    }
}
