package io.xsfu.testbed;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A decoding VP8 subscriber that speaks RTCP, as a browser does towards an SFU: one UDP port carries the media in
 * and its RTCP both ways (RFC 5761). GStreamer {@code rtpbin} with the AVPF profile: the jitter buffer NACKs what is
 * missing ({@code do-retransmission}), the depayloader asks for a keyframe when it cannot decode (a PLI, or a FIR if
 * chosen) and drops frames until one arrives, and receiver reports go back to the address the media comes from.
 * {@link #framesDecoded()} counts frames out of the real decoder, live; {@link #timeToFirstFrame()} says how long
 * after launch the first one came.
 *
 * <p>The RTCP leaves from the receive port (see {@link RtpBinPublisher} for how one port serves both directions).
 * Without RTX the datagrams go straight into the session's {@code recv_rtp_sink}, whose rtcp-mux support processes
 * what is not RTP as RTCP. With RTX, {@code rtprtxreceive} must see the media before the session and drops whatever
 * is not RTP, so the datagrams are split with a {@code tee}: one branch through {@code rtprtxreceive} to
 * {@code recv_rtp_sink}, the other (re-labelled {@code application/x-rtcp} by {@code capssetter}) to
 * {@code recv_rtcp_sink}, where RTP fails RTCP validation and only RTCP is kept. rtprtxreceive is told the SSRC
 * pairing ({@code ssrc-map}, GStreamer 1.22) because the jitter buffer's requests never reach it there.
 *
 * <p>{@link Builder#capture} records the RTP and RTCP arriving (sender reports included, see {@link RtpCapture}).
 * Audio sent to the port is counted by the session but not decoded: the jitter buffer knows only the video's clock.
 */
public final class RtpBinSubscriber implements AutoCloseable {
    static final String RTPBIN = "xsfu_rtpbin";
    static final String DECODED = "xsfu_decoded";
    static final String STATS = "stats";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    /** How a subscriber asks for a keyframe. */
    public enum KeyframeRequest {
        /** Picture loss indication (RFC 4585), what browsers send. */
        PLI,
        /** Full intra request (RFC 5104). */
        FIR
    }

    private final Builder b;
    private final RtpCapture capture;
    private final GstProcess process;

    private RtpBinSubscriber(Builder b) {
        this.b = b;
        // Started first, so that the capture sees the first packet the pipeline sees.
        this.capture = b.captureIf == null ? null : RtpCapture.start(b.ns, b.captureIf, b.port);
        try {
            this.process = GstProcess.start(b.ns, "rtpbin-subscriber-" + b.port, pipeline(b), DECODED,
                    List.of(new GstProcess.LineProbe(STATS, line -> line.contains(RtpSessionStats.LINE_MARKER))));
        } catch (RuntimeException e) {
            if (capture != null) {
                capture.close();
            }
            throw e;
        }
    }

    /** A subscriber in {@code ns}; set its local address and port and where its RTCP goes. */
    public static Builder in(Netns ns) {
        return new Builder(ns);
    }

    static String pipeline(Builder b) {
        String any = b.local instanceof Inet6Address ? "::" : "0.0.0.0";
        // The rtcp-fb-* fields are what rtpsession checks before it turns the depayloader's keyframe request
        // into feedback; without one of them no PLI/FIR is ever sent.
        String feedback = b.keyframeRequest == KeyframeRequest.PLI ? "rtcp-fb-nack-pli" : "rtcp-fb-ccm-fir";
        String caps = "\"application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=" + b.videoPt
                + ",rtcp-fb-nack=(boolean)true," + feedback + "=(boolean)true\"";
        StringBuilder p = new StringBuilder();
        p.append("rtpbin name=").append(RTPBIN).append(" rtp-profile=avpf do-retransmission=true latency=")
                .append(b.latencyMs).append(RtpBinPublisher.rtcpTiming(b.rtcpBandwidth, b.rtcpMinIntervalMs));
        p.append(" udpsrc address=").append(Addresses.text(b.local)).append(" port=").append(b.port)
                .append(" caps=").append(caps);
        if (b.rtxPt > 0) {
            p.append(" ! tee name=xsfu_in");
            p.append(" xsfu_in. ! rtprtxreceive payload-type-map=\"application/x-rtp-pt-map,").append(b.videoPt)
                    .append("=(uint)").append(b.rtxPt).append("\" ssrc-map=\"application/x-rtp-ssrc-map,")
                    .append(b.videoSsrc).append("=(uint)").append(b.rtxSsrc).append("\" ! ")
                    .append(RTPBIN).append(".recv_rtp_sink_0");
            p.append(" xsfu_in. ! capssetter caps=application/x-rtcp join=false replace=true ! ")
                    .append(RTPBIN).append(".recv_rtcp_sink_0");
        } else {
            p.append(" ! ").append(RTPBIN).append(".recv_rtp_sink_0");
        }
        p.append(' ').append(RTPBIN).append(". ! rtpvp8depay request-keyframe=true wait-for-keyframe=true ! vp8dec")
                .append(" ! fakesink name=").append(DECODED).append(" silent=false sync=false");
        p.append(' ').append(RTPBIN).append(".send_rtcp_src_0 ! udpsink host=")
                .append(Addresses.text(b.remote.getAddress())).append(" port=").append(b.remote.getPort())
                .append(" bind-address=").append(any).append(" bind-port=").append(b.port)
                .append(" sync=false async=false");
        return p.toString();
    }

    /** Frames out of the decoder so far. */
    public long framesDecoded() {
        return process.count();
    }

    /** Waits until {@code n} frames are decoded; false on timeout. */
    public boolean awaitFrames(long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(n, timeout);
    }

    /** From launching the process to the first decoded frame; empty until one is decoded. */
    public Optional<Duration> timeToFirstFrame() {
        return process.firstCountAfterStart();
    }

    /**
     * The statistics the session last notified (per SSRC: packets received, NACK/PLI/FIR sent, whether an SR was
     * seen); empty before the first. rtpsession notifies when RTCP it receives updates a source, so with a sender
     * sending SRs they trail by at most an RTCP interval; they are not a live counter.
     */
    public Optional<RtpSessionStats> stats() {
        return process.lastMatch(STATS).map(RtpSessionStats::parse);
    }

    /** The capture of what arrives at the port; throws if the builder did not ask for one. */
    public RtpCapture capture() {
        if (capture == null) {
            throw new IllegalStateException("started without capture(...)");
        }
        return capture;
    }

    /** Sends EOS (SIGINT) so frames still in the jitter buffer are decoded, then ends; returns the final count. */
    public long stop() {
        process.stop(Duration.ofSeconds(3));
        return process.count();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        return b.port;
    }

    /** Where it receives media and sends RTCP from. */
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
        try {
            process.close();
        } finally {
            if (capture != null) {
                capture.close();
            }
        }
    }

    public static final class Builder {
        private final Netns ns;
        private InetAddress local;
        private int port;
        private InetSocketAddress remote;
        private int videoPt = 96;
        private long videoSsrc;
        private long rtxSsrc;
        private int rtxPt;
        private int latencyMs = 300;
        private KeyframeRequest keyframeRequest = KeyframeRequest.PLI;
        private int rtcpBandwidth = 50_000;
        private int rtcpMinIntervalMs = 1000;
        private String captureIf;

        private Builder(Netns ns) {
            this.ns = ns;
        }

        /** The client's own address (the receiving socket binds it) and the port media arrives on. */
        public Builder local(InetAddress address, int port) {
            this.local = address;
            this.port = RtpBinPublisher.checkPort(port);
            return this;
        }

        /** Where RTCP (RR, NACK, PLI) goes: the SFU's port for this participant, or the publisher's. */
        public Builder remote(InetAddress address, int port) {
            this.remote = new InetSocketAddress(address, RtpBinPublisher.checkPort(port));
            return this;
        }

        /** The VP8 payload type (default 96). */
        public Builder videoPayloadType(int pt) {
            this.videoPt = RtpBinPublisher.checkPt(pt);
            return this;
        }

        /**
         * RTX as the SFU (or publisher) signals it: the video SSRC this subscriber receives, its RTX SSRC and
         * payload type.
         */
        public Builder rtx(long videoSsrc, long rtxSsrc, int rtxPayloadType) {
            this.videoSsrc = videoSsrc & 0xffffffffL;
            this.rtxSsrc = rtxSsrc & 0xffffffffL;
            this.rtxPt = RtpBinPublisher.checkPt(rtxPayloadType);
            return this;
        }

        /**
         * Jitter buffer latency (default 300 ms): how long a missing packet may take to be retransmitted before
         * the frame is given up (and a keyframe requested).
         */
        public Builder latencyMs(int ms) {
            this.latencyMs = ms;
            return this;
        }

        public Builder keyframeRequest(KeyframeRequest kind) {
            this.keyframeRequest = kind;
            return this;
        }

        /**
         * RTCP bandwidth in bytes/s (default 50000). AVPF allows one early feedback packet per regular interval; with
         * GStreamer's default bandwidth that interval is about 300 ms, so a second NACK in it waits longer than the
         * jitter buffer does and the frame is lost.
         */
        public Builder rtcpBandwidth(int bytesPerSecond) {
            this.rtcpBandwidth = bytesPerSecond;
            return this;
        }

        /** Minimum interval between regular RTCP (RR) packets (default 1000 ms; 0 keeps GStreamer's 5 s). */
        public Builder rtcpMinIntervalMs(int ms) {
            this.rtcpMinIntervalMs = ms;
            return this;
        }

        /** Also capture what arrives at the port on {@code ifName} (AF_PACKET), for {@link #capture()}. */
        public Builder capture(String ifName) {
            this.captureIf = ifName;
            return this;
        }

        /** Starts and returns once the pipeline plays (its port is bound); throws with its output otherwise. */
        public RtpBinSubscriber start() throws InterruptedException {
            if (local == null || remote == null) {
                throw new IllegalStateException("local and remote must be set");
            }
            Addresses.requireSameFamily(local, remote);
            if (rtxPt > 0 && (rtxPt == videoPt || rtxSsrc == videoSsrc)) {
                throw new IllegalArgumentException("RTX needs its own payload type and SSRC");
            }
            RtpBinSubscriber s = new RtpBinSubscriber(this);
            if (!s.process.awaitPlaying(READY_TIMEOUT)) {
                String diag = s.diagnostics();
                s.close();
                throw new IllegalStateException("subscriber did not start\n" + diag);
            }
            return s;
        }
    }
}
