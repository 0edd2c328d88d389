package io.xsfu.config;

/** What a producer carries, as in mediasoup's {@code kind}. */
public enum MediaKind implements JsonName {
    AUDIO("audio"),
    VIDEO("video");

    private final String jsonName;

    MediaKind(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
