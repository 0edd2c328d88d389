package io.xsfu.layers;

import io.xsfu.codec.Av1Payload;
import io.xsfu.codec.Vp8Descriptor;
import io.xsfu.codec.Vp9Descriptor;
import io.xsfu.rtp.MediaCodec;
import java.lang.foreign.MemorySegment;

/**
 * What layer selection reads at the start of a video payload, whatever the codec: VP8's and VP9's descriptors
 * (temporal layer, switching point, picture id and TL0PICIDX, and where the last two are, which a copy rewrites),
 * AV1's first OBU (its temporal layer; AV1's payload has no switching-up flag, so up only at a keyframe), nothing for
 * H.264 (frames by timestamp, switches at IDR/SPS). One instance per thread, reused; nothing allocated.
 */
public final class PayloadDescriptor {
    private final Vp8Descriptor vp8 = new Vp8Descriptor();
    private final Vp9Descriptor vp9 = new Vp9Descriptor();
    private int pictureIdOffset = -1;
    private int tl0PicIdxOffset = -1;

    /**
     * Reads the descriptor of a {@code codec} payload of {@code length} bytes at {@code payload}: 0, or the
     * {@link io.xsfu.codec.CodecDrop} reason it cannot be read for (then there are no offsets). With {@code into},
     * its codec fields are filled in (its RTP fields are the caller's).
     */
    public int read(MediaCodec codec, MemorySegment s, long payload, int length, LayerPacket into) {
        pictureIdOffset = -1;
        tl0PicIdxOffset = -1;
        switch (codec) {
            case VP8 -> {
                int reason = vp8.wrap(s, payload, length);
                if (reason != 0) {
                    return reason;
                }
                if (into != null) {
                    into.vp8(vp8);
                }
                pictureIdOffset = vp8.pictureIdOffset();
                tl0PicIdxOffset = vp8.tl0PicIdxOffset();
            }
            case VP9 -> {
                int reason = vp9.wrap(s, payload, length);
                if (reason != 0) {
                    return reason;
                }
                if (into != null) {
                    into.vp9(vp9);
                }
                pictureIdOffset = vp9.pictureIdOffset();
                tl0PicIdxOffset = vp9.tl0PicIdxOffset();
            }
            case AV1 -> {
                int tid = Av1Payload.temporalId(s, payload, length);
                if (tid < 0) {
                    return -tid;
                }
                if (into != null) {
                    into.temporalId = tid;
                }
            }
            default -> {
            }
        }
        return 0;
    }

    /** Where the last read payload's picture id starts, from the payload's start, or -1 without one. */
    public int pictureIdOffset() {
        return pictureIdOffset;
    }

    /** Where the last read payload's TL0PICIDX is, from the payload's start, or -1 without one. */
    public int tl0PicIdxOffset() {
        return tl0PicIdxOffset;
    }
}
