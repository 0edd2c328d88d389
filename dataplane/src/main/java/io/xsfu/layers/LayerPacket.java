package io.xsfu.layers;

import io.xsfu.codec.Vp8Descriptor;

/**
 * What {@link SimulcastStream#process} needs to know of one received packet, and what it answers: one mutable
 * instance reused by the agent for every packet and consumer (no allocation). The caller fills the input fields
 * from the RTP header, the producer's encoding table and the payload descriptor; the output fields are valid when
 * {@code process} returns {@link LayerDrop#FORWARD}, and {@link #keyFrameRequest} after every call.
 */
public final class LayerPacket {
    public static final int ABSENT = -1;

    // Input.
    /** Spatial index of the encoding the packet came from (its SSRC or RID): 0 is the lowest. */
    public int encoding;
    public int sequence;
    public int timestamp;
    public boolean marker;
    /** The first packet of a frame (VP8: S=1 and partition 0). */
    public boolean startOfFrame;
    /** The first packet of a keyframe ({@link io.xsfu.rtp.KeyFrames}). */
    public boolean keyFrame;
    /** 0 without temporal layers (no descriptor says otherwise). */
    public int temporalId;
    /** The frame depends only on the base temporal layer (VP8 Y bit). */
    public boolean layerSync;
    public int pictureId = ABSENT;
    /** 7 or 15 when {@link #pictureId} is present. */
    public int pictureIdBits;
    public int tl0PicIdx = ABSENT;

    // Output.
    public int outSequence;
    public int outTimestamp;
    /** The picture id to write (the descriptor's setter keeps the packet's width); {@link #ABSENT} if none. */
    public int outPictureId = ABSENT;
    public int outTl0PicIdx = ABSENT;
    /** The encoding a keyframe request (PLI/FIR) should go to now, or {@link #ABSENT}. */
    public int keyFrameRequest = ABSENT;

    /** The RTP-level fields; codec fields are reset to "none" (base layer, no ids). */
    public LayerPacket rtp(int encoding, int sequence, int timestamp, boolean marker, boolean startOfFrame,
            boolean keyFrame) {
        this.encoding = encoding;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.marker = marker;
        this.startOfFrame = startOfFrame;
        this.keyFrame = keyFrame;
        this.temporalId = 0;
        this.layerSync = false;
        this.pictureId = ABSENT;
        this.pictureIdBits = 0;
        this.tl0PicIdx = ABSENT;
        return this;
    }

    /** The codec fields from a validated VP9 descriptor: TID and its switching-up point (U), picture id, TL0PICIDX. */
    public LayerPacket vp9(io.xsfu.codec.Vp9Descriptor d) {
        this.startOfFrame = d.startOfFrame();
        this.temporalId = d.temporalId();
        this.layerSync = d.switchingUpPoint();
        this.pictureId = d.pictureId();
        this.pictureIdBits = d.pictureIdBits();
        this.tl0PicIdx = d.tl0PicIdx();
        return this;
    }

    /** The codec fields from a validated VP8 descriptor (start of frame and keyframe included). */
    public LayerPacket vp8(Vp8Descriptor d) {
        this.startOfFrame = d.startOfFrame();
        this.keyFrame = d.keyFrame();
        this.temporalId = d.temporalId();
        this.layerSync = d.layerSync();
        this.pictureId = d.pictureId();
        this.pictureIdBits = d.pictureIdBits();
        this.tl0PicIdx = d.tl0PicIdx();
        return this;
    }
}
