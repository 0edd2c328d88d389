package io.xsfu.testbed;

/** The codecs the GStreamer clients speak, with their RTP names, clocks and usual dynamic payload types. */
public enum GstMedia {
    VP8("video", "VP8", 90_000, 96),
    OPUS("audio", "OPUS", 48_000, 111);

    private final String media;
    private final String encodingName;
    private final int clockRate;
    private final int defaultPayloadType;

    GstMedia(String media, String encodingName, int clockRate, int defaultPayloadType) {
        this.media = media;
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.defaultPayloadType = defaultPayloadType;
    }

    public int clockRate() {
        return clockRate;
    }

    public int defaultPayloadType() {
        return defaultPayloadType;
    }

    /** The RTP caps a receiving udpsrc needs (no spaces: one gst-launch argument). */
    String rtpCaps(int payloadType) {
        return "application/x-rtp,media=" + media + ",encoding-name=" + encodingName + ",clock-rate=" + clockRate
                + ",payload=" + payloadType;
    }
}
