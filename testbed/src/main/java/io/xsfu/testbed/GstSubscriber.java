package io.xsfu.testbed;

import java.time.Duration;

/**
 * A decoding RTP subscriber: udpsrc on a port of a client namespace, srtpdec if the stream is SRTP, jitter buffer,
 * depayloader, the real decoder,
 * and a fakesink that reports every decoded frame (video) or audio buffer. {@link #framesDecoded()} is live.
 * Bound to {@code ::} by default, which receives IPv4 and IPv6.
 */
public final class GstSubscriber implements AutoCloseable {
    static final String COUNTER = "xsfu_decoded";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final GstProcess process;
    private final Builder b;

    private GstSubscriber(Builder b) {
        this.b = b;
        this.process = GstProcess.start(b.ns, "subscriber-" + b.media.name().toLowerCase() + "-" + b.port,
                pipeline(b), COUNTER);
    }

    public static Builder video(Netns ns) {
        return new Builder(ns, GstMedia.VP8);
    }

    public static Builder audio(Netns ns) {
        return new Builder(ns, GstMedia.OPUS);
    }

    static String pipeline(Builder b) {
        String decode = switch (b.media) {
            // wait-for-keyframe: after loss (or joining mid-stream) frames are dropped until the next keyframe
            // instead of being decoded against missing references, so the count is of correct frames.
            case VP8 -> "rtpvp8depay wait-for-keyframe=true ! vp8dec";
            // No concealment: only real packets become decoded buffers.
            case OPUS -> "rtpopusdepay ! opusdec plc=false";
        };
        if (b.srtp != null) {
            // srtpdec tells SRTCP (rtcp-mux) from SRTP and sends it out of its RTCP pad: a sink takes it there.
            return "udpsrc address=" + b.bindAddress + " port=" + b.port + " caps="
                    + b.media.rtpCaps(b.payloadType).replace("application/x-rtp,", "application/x-srtp,")
                    + "," + b.srtp.decoderCaps(b.srtpSsrc)
                    + " ! srtpdec name=xsfu_srtpdec xsfu_srtpdec.rtcp_src ! fakesink sync=false async=false"
                    + " xsfu_srtpdec.rtp_src ! rtpjitterbuffer latency=" + b.jitterLatencyMs
                    + " ! " + decode
                    + " ! fakesink name=" + COUNTER + " silent=false sync=false";
        }
        return "udpsrc address=" + b.bindAddress + " port=" + b.port + " caps=" + b.media.rtpCaps(b.payloadType)
                + " ! rtpjitterbuffer latency=" + b.jitterLatencyMs
                + " ! " + decode
                + " ! fakesink name=" + COUNTER + " silent=false sync=false";
    }

    /** Frames (video) or audio buffers decoded so far. */
    public long framesDecoded() {
        return process.count();
    }

    /** Waits until {@code n} frames are decoded; false on timeout. */
    public boolean awaitFrames(long n, Duration timeout) throws InterruptedException {
        return process.awaitCount(n, timeout);
    }

    /** Sends EOS (SIGINT) so frames still in the jitter buffer are decoded, then ends; returns the final count. */
    public long stop() {
        process.stop(Duration.ofSeconds(3));
        return process.count();
    }

    public int port() {
        return b.port;
    }

    public GstMedia media() {
        return b.media;
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

    public static final class Builder {
        private final Netns ns;
        private final GstMedia media;
        private int port;
        private int payloadType;
        private String bindAddress = "::";
        private int jitterLatencyMs = 200;
        private GstSrtp srtp;
        private long srtpSsrc;

        private Builder(Netns ns, GstMedia media) {
            this.ns = ns;
            this.media = media;
            this.payloadType = media.defaultPayloadType();
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder payloadType(int pt) {
            this.payloadType = pt;
            return this;
        }

        /** Local address to bind (default {@code ::}, dual-stack; "0.0.0.0" for IPv4 only). */
        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        public Builder jitterLatencyMs(int ms) {
            this.jitterLatencyMs = ms;
            return this;
        }

        /**
         * Receives SRTP of the stream {@code ssrc} (what the sender puts in its packets: an SFU's consumer SSRC),
         * unprotected under this key by srtpdec before the jitter buffer.
         */
        public Builder srtp(GstSrtp srtp, long ssrc) {
            this.srtp = srtp;
            this.srtpSsrc = ssrc & 0xffffffffL;
            return this;
        }

        /** Starts the pipeline and returns once its port is bound; throws with its output if it fails to start. */
        public GstSubscriber start() throws InterruptedException {
            if (port <= 0) {
                throw new IllegalStateException("port not set");
            }
            GstSubscriber s = new GstSubscriber(this);
            if (!s.process.awaitPlaying(READY_TIMEOUT)) {
                String diag = s.diagnostics();
                s.close();
                throw new IllegalStateException("subscriber did not start\n" + diag);
            }
            return s;
        }
    }
}
