package io.xsfu.signaling;

import java.util.HashMap;
import java.util.Map;

/**
 * A participant that joined through signaling. It outlives its connection by the grace period, so that a
 * client whose network dropped can reconnect and carry on with its transport, producers and consumers.
 * Control thread only.
 */
final class Session {
    final String room;
    final String identity;
    /** The latest token's grant: a resume may bring a fresh token. */
    Grant grant;
    /** Null while the participant waits for a reconnect. */
    ClientConnection connection;
    /** The pending leave while disconnected. */
    ControlThread.Timer expiry;
    /** Preferred layers by consumer id, kept for when simulcast layers exist. */
    final Map<String, Layers> preferredLayers = new HashMap<>();

    /** Its WebRTC transport, if it made one (null after the transport failed or closed). */
    WebRtcSignaling.State webrtc;

    record Layers(int spatial, int temporal) {
    }

    Session(Grant grant) {
        this.room = grant.room();
        this.identity = grant.identity();
        this.grant = grant;
    }

    @Override
    public String toString() {
        return room + "/" + identity;
    }
}
