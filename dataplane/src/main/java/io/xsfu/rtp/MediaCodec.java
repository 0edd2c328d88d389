package io.xsfu.rtp;

/** The codecs the SFU forwards, and what it must know of each: its kind and whether it has keyframes. */
public enum MediaCodec {
    OPUS(false),
    VP8(true),
    VP9(true),
    H264(true),
    AV1(true);

    private final boolean video;

    MediaCodec(boolean video) {
        this.video = video;
    }

    public boolean video() {
        return video;
    }
}
