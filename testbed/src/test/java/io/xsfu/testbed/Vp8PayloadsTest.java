package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Vp8PayloadsTest {
    @Test
    void minimalDescriptorThenKeyframeHeader() {
        // S=1 PID=0, no extensions; VP8 header byte with P=0 (keyframe, show_frame set).
        byte[] p = {0x10, 0x10, 0x02, 0x00};
        assertEquals(1, Vp8Payloads.descriptorLength(p));
        assertTrue(Vp8Payloads.startsKeyFrame(p));
        assertEquals(-1, Vp8Payloads.pictureId(p));
    }

    @Test
    void fifteenBitPictureIdAsGstreamerSendsIt() {
        // X=1 S=1; I=1; M=1 picture ID 0x1234; then a delta frame (P=1), then the same with P=0.
        byte[] delta = {(byte) 0x90, (byte) 0x80, (byte) 0x92, 0x34, 0x31};
        byte[] key = {(byte) 0x90, (byte) 0x80, (byte) 0x92, 0x34, 0x30};
        assertEquals(4, Vp8Payloads.descriptorLength(delta));
        assertEquals(0x1234, Vp8Payloads.pictureId(delta));
        assertFalse(Vp8Payloads.startsKeyFrame(delta));
        assertTrue(Vp8Payloads.startsKeyFrame(key));
    }

    @Test
    void allExtensionFieldsAreSkipped() {
        // X=1 S=1; I L T K; 7-bit picture ID 5; TL0PICIDX; TID/KEYIDX; VP8 header P=0.
        byte[] p = {(byte) 0x90, (byte) 0xf0, 0x05, 0x01, 0x20, 0x00};
        assertEquals(5, Vp8Payloads.descriptorLength(p));
        assertEquals(5, Vp8Payloads.pictureId(p));
        assertTrue(Vp8Payloads.startsKeyFrame(p));
    }

    @Test
    void continuationPacketsNeverStartAKeyframe() {
        // S=0: the byte after the descriptor is frame data, whatever its low bit.
        byte[] middle = {(byte) 0x80, (byte) 0x80, (byte) 0x92, 0x34, 0x00};
        assertFalse(Vp8Payloads.startsFrame(middle));
        assertFalse(Vp8Payloads.startsKeyFrame(middle));
        // S=1 but partition 1.
        assertFalse(Vp8Payloads.startsKeyFrame(new byte[] {0x11, 0x00}));
    }

    @Test
    void truncatedDescriptorsAreNotKeyframes() {
        assertEquals(-1, Vp8Payloads.descriptorLength(new byte[0]));
        assertEquals(-1, Vp8Payloads.descriptorLength(new byte[] {(byte) 0x90}));
        assertEquals(-1, Vp8Payloads.descriptorLength(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x92}));
        assertFalse(Vp8Payloads.startsKeyFrame(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x92, 0x34}));
        assertFalse(Vp8Payloads.startsKeyFrame(new byte[] {0x10}));
    }
}
