package io.xsfu.layers;

import io.xsfu.codec.CodecDrop;

/**
 * Why one consumer's copy of a simulcast packet is not sent, numbered from 176 (after {@link CodecDrop}'s range)
 * so that they index the same counter array as the other layers' reasons. {@link SimulcastStream#process}
 * returns one of these or {@link #FORWARD}. Most are the selection working as intended (other encodings, upper
 * temporal layers); {@link #LATE_FRAME}, {@link #BAD_ENCODING} and {@link #DUPLICATE_OR_OLD} are bad input.
 */
public final class LayerDrop {
    public static final int FORWARD = 0;
    public static final int FIRST = 176;

    /** An encoding other than the one this consumer is forwarding. */
    public static final int OTHER_ENCODING = FIRST;
    /** Nothing forwarded yet (new consumer, or its encoding stopped) and this is no usable keyframe start. */
    public static final int WAITING_FOR_KEYFRAME = FIRST + 1;
    /** A frame of a temporal layer above the one this consumer is forwarding. */
    public static final int TEMPORAL_LAYER = FIRST + 2;
    /** The rest of a frame of the old encoding after a spatial switch started the new one's keyframe. */
    public static final int FRAME_CUT = FIRST + 3;
    /** A packet of a frame older than the newest of its encoding that the stream no longer remembers. */
    public static final int LATE_FRAME = FIRST + 4;
    /** An encoding index outside the producer's encodings (a routing bug or a stray SSRC). */
    public static final int BAD_ENCODING = FIRST + 5;
    /** The sequence rewriter refused it: a duplicate, or older than its window or the current run. */
    public static final int DUPLICATE_OR_OLD = FIRST + 6;

    public static final int END = FIRST + 7;

    private static final String[] NAMES = {
        "layer_other_encoding",
        "layer_waiting_for_keyframe",
        "layer_temporal_layer",
        "layer_frame_cut",
        "layer_late_frame",
        "layer_bad_encoding",
        "layer_duplicate_or_old",
    };

    private LayerDrop() {
    }

    /** The metric name of a reason in {@code FIRST .. END - 1}; control path only. */
    public static String name(int reason) {
        if (reason < FIRST || reason >= END) {
            throw new IllegalArgumentException("not a layer drop reason: " + reason);
        }
        return NAMES[reason - FIRST];
    }
}
