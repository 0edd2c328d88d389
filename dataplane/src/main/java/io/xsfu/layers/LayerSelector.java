package io.xsfu.layers;

/**
 * Which encoding and which temporal layers one consumer forwards, decided once per frame (at the first packet of
 * each frame that arrives) so that no frame is ever joined half-way. The target comes from outside (the
 * allocator, the subscriber's preferences) and may change at any time; the selector moves towards it only where
 * the subscriber's decoder can follow:
 * <ul>
 * <li><b>Spatial</b>: another encoding is started only at the first packet of one of its keyframes, up or down.
 * Normally that must be the target encoding. While nothing is flowing (a new consumer, or the current encoding
 * has sent nothing for {@code stallNanos}) a keyframe of any encoding at or below the target is taken, so that
 * the subscriber sees something while the target's keyframe is on its way. Until the switch the current encoding
 * keeps flowing; {@link #keyFrameRequest} asks for the keyframe, again every {@code retryNanos} while it does not
 * come (counted in {@link #keyFrameTimeouts}), so a keyframe that never comes costs one request per interval and
 * nothing else.</li>
 * <li><b>Temporal</b> (VP8 TID, or any codec whose descriptor gives one): a frame above the current temporal layer
 * is dropped whole; a frame with TID t references only frames with TID &lt;= t, so this never leaves a forwarded
 * frame without its reference. Going down happens at the next frame. Going up happens one layer at a time, at
 * a frame of the next layer with Y (layer sync) set: it depends only on the base layer, while other frames of its
 * layer may reference earlier frames of their layer that were dropped. A TL0 frame is <em>not</em> a switch
 * point: encoders (libvpx's patterns) let TL1 frames reference the previous TL1 frame across a TL0 frame. A
 * keyframe resets every reference, so it jumps straight to the target.</li>
 * </ul>
 * Keyframes count as base layer whatever TID their descriptor claims. Single-threaded (the agent), no allocation.
 */
public final class LayerSelector {
    public static final int NONE = -1;
    public static final long DEFAULT_RETRY_NANOS = 1_000_000_000L;
    public static final long DEFAULT_STALL_NANOS = 1_000_000_000L;
    /** VP8 has 2 TID bits. */
    public static final int MAX_TEMPORAL = 3;

    private final int encodings;
    private final long retryNanos;
    private final long stallNanos;

    private int targetSpatial;
    private int targetTemporal = MAX_TEMPORAL;
    private int currentSpatial = NONE;
    private int currentTemporal;
    private boolean switched;

    private final boolean[] arrived;
    private final long[] lastArrivalNanos;

    private int requestedEncoding = NONE;
    private long requestedAtNanos;

    private long spatialSwitches;
    private long temporalSwitches;
    private long keyFrameRequests;
    private long keyFrameTimeouts;

    public LayerSelector(int encodings) {
        this(encodings, DEFAULT_RETRY_NANOS, DEFAULT_STALL_NANOS);
    }

    public LayerSelector(int encodings, long retryNanos, long stallNanos) {
        if (encodings <= 0 || retryNanos <= 0 || stallNanos <= 0) {
            throw new IllegalArgumentException("encodings=" + encodings + " retry=" + retryNanos + " stall=" + stallNanos);
        }
        this.encodings = encodings;
        this.retryNanos = retryNanos;
        this.stallNanos = stallNanos;
        this.targetSpatial = encodings - 1;
        this.arrived = new boolean[encodings];
        this.lastArrivalNanos = new long[encodings];
    }

    /** The layers to move towards; clamped to what exists. Takes effect at the next frame that allows it. */
    public void target(int spatial, int temporal) {
        targetSpatial = Math.clamp(spatial, 0, encodings - 1);
        targetTemporal = Math.clamp(temporal, 0, MAX_TEMPORAL);
    }

    /** Every packet of every encoding, before {@link #frame}: which encodings are alive. */
    public void arrived(int encoding, long nowNanos) {
        arrived[encoding] = true;
        lastArrivalNanos[encoding] = nowNanos;
    }

    /**
     * The verdict for a new frame of {@code encoding} (the first of its packets that arrived): {@link LayerDrop#FORWARD}
     * or a drop reason, for every packet of that frame. {@link #switched()} then tells whether this frame starts
     * a new encoding.
     */
    public int frame(int encoding, boolean startOfFrame, boolean keyFrame, int temporalId, boolean layerSync,
            long nowNanos) {
        switched = false;
        boolean keyStart = keyFrame && startOfFrame;
        if (encoding != currentSpatial) {
            if (keyStart && acceptable(encoding, nowNanos)) {
                currentSpatial = encoding;
                currentTemporal = targetTemporal;
                switched = true;
                spatialSwitches++;
                return LayerDrop.FORWARD;
            }
            return currentSpatial == NONE ? LayerDrop.WAITING_FOR_KEYFRAME : LayerDrop.OTHER_ENCODING;
        }
        if (keyStart) {
            currentTemporal = targetTemporal;
            return LayerDrop.FORWARD;
        }
        if (startOfFrame) {
            if (targetTemporal < currentTemporal) {
                currentTemporal = targetTemporal;
                temporalSwitches++;
            } else if (layerSync && temporalId == currentTemporal + 1 && temporalId <= targetTemporal) {
                currentTemporal = temporalId;
                temporalSwitches++;
            }
        }
        return temporalId <= currentTemporal ? LayerDrop.FORWARD : LayerDrop.TEMPORAL_LAYER;
    }

    /**
     * The encoding a keyframe request should go to now, or {@link #NONE}: at once when a new keyframe is wanted,
     * then again every {@code retryNanos} while it has not come. Call once per packet (after {@link #frame}).
     */
    public int keyFrameRequest(long nowNanos) {
        int wanted = wanted(nowNanos);
        if (wanted == NONE) {
            requestedEncoding = NONE;
            return NONE;
        }
        if (wanted != requestedEncoding) {
            requestedEncoding = wanted;
        } else if (nowNanos - requestedAtNanos >= retryNanos) {
            keyFrameTimeouts++;
        } else {
            return NONE;
        }
        requestedAtNanos = nowNanos;
        keyFrameRequests++;
        return wanted;
    }

    /**
     * Starts over at the next keyframe (of the target, or of any encoding at or below it): the subscriber missed
     * frames (a pause), so whatever comes next must not depend on them. The numbering continues (the stream's
     * rewriters are not reset).
     */
    public void restart() {
        currentSpatial = NONE;
        requestedEncoding = NONE;
    }

    /** Whether the last {@link #frame} call started a new encoding. */
    public boolean switched() {
        return switched;
    }

    public int targetSpatial() {
        return targetSpatial;
    }

    public int targetTemporal() {
        return targetTemporal;
    }

    /** The encoding being forwarded, or {@link #NONE} before the first keyframe. */
    public int currentSpatial() {
        return currentSpatial;
    }

    public int currentTemporal() {
        return currentTemporal;
    }

    public long spatialSwitches() {
        return spatialSwitches;
    }

    public long temporalSwitches() {
        return temporalSwitches;
    }

    public long keyFrameRequests() {
        return keyFrameRequests;
    }

    /** Requests repeated because the keyframe asked for did not come within the retry interval. */
    public long keyFrameTimeouts() {
        return keyFrameTimeouts;
    }

    private boolean acceptable(int encoding, long nowNanos) {
        if (encoding == targetSpatial) {
            return true;
        }
        return encoding < targetSpatial && !flowing(nowNanos);
    }

    /** Whether the current encoding is alive: something to keep forwarding while waiting for the target. */
    private boolean flowing(long nowNanos) {
        return currentSpatial != NONE && alive(currentSpatial, nowNanos);
    }

    private boolean alive(int encoding, long nowNanos) {
        return arrived[encoding] && nowNanos - lastArrivalNanos[encoding] < stallNanos;
    }

    /** The encoding whose keyframe is awaited, or NONE when the target is what is flowing. */
    private int wanted(long nowNanos) {
        if (flowing(nowNanos)) {
            return currentSpatial == targetSpatial ? NONE : targetSpatial;
        }
        // Nothing flowing: the best encoding at or below the target that is sending.
        for (int e = targetSpatial; e >= 0; e--) {
            if (alive(e, nowNanos)) {
                return e;
            }
        }
        return targetSpatial;
    }
}
