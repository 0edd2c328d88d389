package io.xsfu.route;

import io.xsfu.rtp.MediaCodec;
import java.util.List;

/**
 * One media source a participant declared (like mediasoup's produce()): codec, payload type, clock rate,
 * SSRC and, if it retransmits as RTX (RFC 4588), the RTX payload type and SSRC ({@code rtxPayloadType} -1
 * when not).
 *
 * <p>A simulcast source has {@link #encodings}: two or more RTP streams of the same picture at different
 * resolutions and rates, lowest first, each with its own SSRC (and RTX SSRC) under the same payload types. Then
 * {@link #ssrc} and {@link #rtxSsrc} are those of encoding 0. Without encodings the list is empty.
 */
public record ProducerSpec(String id, MediaCodec codec, int payloadType, int clockRate, int ssrc, int rtxPayloadType,
                           int rtxSsrc, List<Encoding> encodings) {
    public static final int NONE = -1;
    /** Browsers send at most three; a few more leave room for SVC-like layouts, and bound the agent's per-consumer state. */
    public static final int MAX_ENCODINGS = 4;

    /**
     * One simulcast encoding: its SSRC, its RTX SSRC (0: none), its RID as signaled (may be null for plain RTP), and
     * the bitrate the publisher said it would not exceed (0: unknown), which the allocator uses until it has measured.
     */
    public record Encoding(String rid, int ssrc, int rtxSsrc, long maxBitrate) {
    }

    public ProducerSpec {
        if (payloadType < 0 || payloadType > 127 || clockRate <= 0) {
            throw new IllegalArgumentException(id + ": bad payload type or clock rate");
        }
        encodings = encodings == null ? List.of() : List.copyOf(encodings);
        if (encodings.size() == 1 || encodings.size() > MAX_ENCODINGS) {
            throw new IllegalArgumentException(id + ": simulcast needs 2 to " + MAX_ENCODINGS + " encodings, got "
                    + encodings.size());
        }
        if (!encodings.isEmpty() && !codec.video()) {
            throw new IllegalArgumentException(id + ": simulcast is for video, not " + codec);
        }
    }

    public ProducerSpec(String id, MediaCodec codec, int payloadType, int clockRate, int ssrc, int rtxPayloadType,
                        int rtxSsrc) {
        this(id, codec, payloadType, clockRate, ssrc, rtxPayloadType, rtxSsrc, List.of());
    }

    public static ProducerSpec of(String id, MediaCodec codec, int payloadType, int clockRate, int ssrc) {
        return new ProducerSpec(id, codec, payloadType, clockRate, ssrc, NONE, 0);
    }

    public ProducerSpec withRtx(int payloadType, int ssrc) {
        return new ProducerSpec(id, codec, this.payloadType, clockRate, this.ssrc, payloadType, ssrc, encodings);
    }

    /**
     * The same source sent as simulcast: {@code encodings} lowest first (their RTX SSRCs count only with an RTX
     * payload type). Encoding 0's SSRCs become the spec's own.
     */
    public ProducerSpec withSimulcast(List<Encoding> encodings) {
        Encoding first = encodings.isEmpty() ? null : encodings.getFirst();
        return new ProducerSpec(id, codec, payloadType, clockRate, first == null ? ssrc : first.ssrc(), rtxPayloadType,
                first == null ? rtxSsrc : first.rtxSsrc(), encodings);
    }

    public boolean hasRtx() {
        return rtxPayloadType != NONE;
    }

    public boolean simulcast() {
        return !encodings.isEmpty();
    }

    /** How many RTP streams the source sends: 1, or its simulcast encodings. */
    public int encodingCount() {
        return encodings.isEmpty() ? 1 : encodings.size();
    }

    public int ssrcOf(int encoding) {
        return encodings.isEmpty() ? ssrc : encodings.get(encoding).ssrc();
    }

    public int rtxSsrcOf(int encoding) {
        return encodings.isEmpty() ? rtxSsrc : encodings.get(encoding).rtxSsrc();
    }
}
