/**
 * Video payload formats, read and rewritten in place: {@link io.xsfu.codec.Vp8Descriptor} (RFC 7741) gives the
 * temporal layer, layer sync, picture id and TL0PICIDX that layer selection needs, and rewrites the last two so
 * that a subscriber sees one continuous stream across the SFU's drops and switches. Malformed descriptors are
 * {@link io.xsfu.codec.CodecDrop} reasons, never exceptions. Keyframe detection for every codec stays in
 * {@link io.xsfu.rtp.KeyFrames}.
 */
package io.xsfu.codec;
