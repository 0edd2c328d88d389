package io.xsfu.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.codec.Vp8Descriptor;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Hand-written scenarios: each rule of {@link LayerSelector} and {@link SimulcastStream} once, with exact numbers. */
class SimulcastStreamTest {
    private static final long MS = 1_000_000L;
    private static final int[] SEQ = {1000, 20000, 60000};
    private static final int[] TS = {5000, 1_000_000, -7};

    private final EncodingClocks clocks = new EncodingClocks(3, 90_000);
    private final LayerSelector selector = new LayerSelector(3, 100 * MS, 500 * MS);
    private final SimulcastStream stream = new SimulcastStream(selector, clocks, 3, 90_000);
    private final LayerPacket p = new LayerPacket();
    private final int[] seq = SEQ.clone();

    SimulcastStreamTest() {
        for (int e = 0; e < 3; e++) {
            clocks.senderReport(e, TS[e], 0); // capture instant 0 is TS[e] on encoding e
        }
    }

    /** One packet of frame {@code k} (30 fps) of encoding {@code e}, as the publisher numbers it. */
    private int send(int e, int k, boolean start, boolean marker, boolean key, int tid, boolean sync) {
        p.rtp(e, seq[e]++ & 0xFFFF, TS[e] + k * 3000, marker, start, key);
        p.temporalId = tid;
        p.layerSync = sync;
        p.pictureId = (100 * e + k) & 0x7FFF;
        p.pictureIdBits = 15;
        p.tl0PicIdx = (10 * e + k) & 0xFF; // every frame a TL0 frame unless a test says otherwise
        return stream.process(p, k * 33 * MS + e);
    }

    /** A one-packet frame. */
    private int frame(int e, int k, boolean key) {
        return send(e, k, true, true, key, 0, false);
    }

    @Test
    void startsAtTheFirstKeyframeAtOrBelowTheTargetAndAsksForTheTarget() {
        stream.target(2, 0);
        assertEquals(LayerDrop.WAITING_FOR_KEYFRAME, frame(0, 0, false));
        assertEquals(0, p.keyFrameRequest, "nothing flowing, and 0 is the only encoding seen sending");
        assertEquals(LayerDrop.WAITING_FOR_KEYFRAME, frame(2, 0, false));
        assertEquals(2, p.keyFrameRequest, "the target is sending: ask it");
        assertEquals(LayerDrop.WAITING_FOR_KEYFRAME, send(1, 0, false, true, true, 0, false), "not a frame's start");
        assertEquals(LayerDrop.FORWARD, frame(1, 1, true), "a keyframe below the target beats nothing");
        assertEquals(SEQ[1] + 1, p.outSequence, "the first packet keeps its number");
        assertEquals(TS[1] + 3000, p.outTimestamp);
        assertEquals(LayerDrop.OTHER_ENCODING, frame(0, 2, true), "flowing now: only the target may take over");
        assertEquals(LayerDrop.FORWARD, frame(1, 2, false));
        assertEquals(LayerDrop.FORWARD, frame(2, 3, true));
        assertEquals(2, selector.spatialSwitches(), "the start, then the target");
        assertEquals(2, selector.currentSpatial());
        assertEquals(LayerDrop.OTHER_ENCODING, frame(1, 3, false));
    }

    @Test
    void switchUpKeepsEveryNumberingContinuous() {
        stream.target(0, 0);
        frame(0, 0, true);
        frame(0, 1, false);
        stream.target(1, 0);
        assertEquals(LayerDrop.OTHER_ENCODING, frame(1, 2, false));
        assertEquals(1, p.keyFrameRequest, "switching up asks the target for a keyframe");
        assertEquals(LayerDrop.FORWARD, frame(0, 2, false), "the current encoding flows meanwhile");
        int lastSeq = p.outSequence;
        int lastTs = p.outTimestamp;
        int lastPid = p.outPictureId;
        int lastTl0 = p.outTl0PicIdx;
        assertEquals(LayerDrop.FORWARD, frame(1, 3, true));
        assertEquals(lastSeq + 1, p.outSequence);
        assertEquals(lastTs + 3000, p.outTimestamp, "sender reports: the capture timeline stays exact");
        assertEquals(lastPid + 1, p.outPictureId);
        assertEquals(lastTl0 + 1, p.outTl0PicIdx);
        assertEquals(LayerDrop.OTHER_ENCODING, frame(0, 3, false));
        assertEquals(LayerDrop.FORWARD, frame(1, 4, false));
        assertEquals(lastSeq + 2, p.outSequence, "encoding 0's packets leave no gap");
        assertEquals(LayerPacket.ABSENT, p.keyFrameRequest);
    }

    @Test
    void aSwitchCutsTheUnfinishedFrameOfTheOldEncodingAndMovesTheTimestampOneTick() {
        stream.target(0, 0);
        frame(0, 0, true);
        stream.target(1, 0);
        assertEquals(LayerDrop.FORWARD, send(0, 1, true, false, false, 0, false), "frame 1 of encoding 0 begins");
        int ts = p.outTimestamp;
        assertEquals(LayerDrop.FORWARD, send(1, 1, true, false, true, 0, false), "encoding 1's keyframe of the same instant");
        assertEquals(ts + 1, p.outTimestamp, "never the timestamp of a frame already sent");
        assertEquals(LayerDrop.FRAME_CUT, send(0, 1, false, true, false, 0, false));
        assertEquals(LayerDrop.FORWARD, send(1, 1, false, true, false, 0, false));
        assertEquals(1, stream.framesCut());
    }

    @Test
    void temporalLayersAreDroppedByTidAndJoinedOnlyAtLayerSyncFrames() {
        stream.target(0, 0);
        frame(0, 0, true); // L1T3: 0 2 1 2 | 0 2 1 2 ...
        int pid = p.outPictureId;
        int out = p.outSequence;
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 1, true, true, false, 2, true));
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 2, true, true, false, 1, true));
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 3, true, true, false, 2, false));
        assertEquals(LayerDrop.FORWARD, send(0, 4, true, true, false, 0, false));
        assertEquals(out + 1, p.outSequence, "dropped frames leave no sequence gap");
        assertEquals(pid + 1, p.outPictureId, "nor a picture id gap");
        stream.target(0, 2);
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 5, true, true, false, 2, true), "TL2 sync, but TL1 not joined yet");
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 6, true, true, false, 1, false), "TL1 without Y");
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 7, true, true, false, 2, false));
        assertEquals(LayerDrop.FORWARD, send(0, 8, true, true, false, 0, false), "TL0 is not a switch point");
        assertEquals(0, selector.currentTemporal());
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 9, true, true, false, 2, false));
        assertEquals(LayerDrop.FORWARD, send(0, 10, true, true, false, 1, true), "TL1 with Y");
        assertEquals(LayerDrop.FORWARD, send(0, 11, true, true, false, 2, true), "then TL2 with Y");
        assertEquals(2, selector.currentTemporal());
        assertEquals(LayerDrop.FORWARD, send(0, 12, true, true, false, 0, false));
        assertEquals(LayerDrop.FORWARD, send(0, 13, true, true, false, 2, false));
        stream.target(0, 0);
        assertEquals(LayerDrop.FORWARD, send(0, 14, true, false, false, 0, false));
        assertEquals(LayerDrop.FORWARD, send(0, 14, false, true, false, 0, false));
        assertEquals(LayerDrop.TEMPORAL_LAYER, send(0, 15, true, true, false, 2, false), "down at the next frame");
        stream.target(0, 2);
        assertEquals(LayerDrop.FORWARD, frame(0, 16, true));
        assertEquals(2, selector.currentTemporal());
        assertEquals(LayerDrop.FORWARD, send(0, 17, true, true, false, 2, false), "a keyframe resets every reference");
    }

    @Test
    void aKeyframeThatNeverComesIsAskedForAgainEveryRetryIntervalWhileTheCurrentLayerFlows() {
        stream.target(0, 0);
        frame(0, 0, true);
        stream.target(2, 0);
        java.util.List<Long> requests = new java.util.ArrayList<>();
        for (int k = 1; k <= 30; k++) { // 1 s at 30 fps, retry after 100 ms
            assertEquals(LayerDrop.FORWARD, frame(0, k, false));
            if (p.keyFrameRequest == 2) {
                requests.add(k * 33 * MS);
            }
            assertEquals(LayerDrop.OTHER_ENCODING, frame(2, k, false));
            if (p.keyFrameRequest == 2) {
                requests.add(k * 33 * MS + 2);
            }
        }
        for (int i = 1; i < requests.size(); i++) {
            long gap = requests.get(i) - requests.get(i - 1);
            assertTrue(gap >= 100 * MS && gap <= 133 * MS, "a retry " + gap + " ns after the previous request");
        }
        assertEquals(33 * MS, requests.get(0), "the first request at once");
        assertEquals(requests.size() - 1, selector.keyFrameTimeouts());
        assertTrue(requests.size() >= 7, "requests in 1 s: " + requests.size());
        assertEquals(0, selector.currentSpatial());
    }

    @Test
    void whenTheForwardedEncodingStopsALowerKeyframeIsTakenAndAskedFor() {
        stream.target(2, 0);
        frame(2, 0, true);
        int firstRequest = -1;
        for (int k = 1; k < 20; k++) {
            assertEquals(LayerDrop.OTHER_ENCODING, frame(0, k, false)); // encoding 2 stopped after frame 0
            if (p.keyFrameRequest != LayerPacket.ABSENT && firstRequest < 0) {
                assertEquals(0, p.keyFrameRequest, "the best encoding still sending");
                firstRequest = k;
            }
        }
        assertEquals(16, firstRequest, "asked once encoding 2 had been silent for 500 ms (16 frames)");
        assertEquals(LayerDrop.FORWARD, frame(0, 20, true), "nothing flowing for 500 ms: take what comes");
        assertEquals(0, selector.currentSpatial());
    }

    @Test
    void lyingPictureIdsAreCountedAndTheOutputStaysContinuous() {
        stream.target(0, 0);
        frame(0, 0, true);
        int pid = p.outPictureId;
        p.rtp(0, seq[0]++, TS[0] + 3000, true, true, false);
        p.pictureId = 0; // goes back
        p.pictureIdBits = 15;
        p.tl0PicIdx = 1;
        assertEquals(LayerDrop.FORWARD, stream.process(p, 33 * MS));
        assertEquals(pid + 1, p.outPictureId);
        assertEquals(1, stream.badPictureIds());
    }

    @Test
    void latePacketsGetTheirFramesIdsAndDuplicatesAreRefused() {
        stream.target(0, 0);
        send(0, 0, true, false, true, 0, false);
        int pid = p.outPictureId;
        int first = p.outSequence;
        seq[0]++; // the frame's second packet is late
        send(0, 1, true, true, false, 0, false);
        seq[0] -= 2;
        assertEquals(LayerDrop.FORWARD, send(0, 0, false, true, false, 0, false));
        assertEquals(first + 1, p.outSequence);
        assertEquals(pid, p.outPictureId);
        assertEquals(pid, stream.pictureIdOf(0, TS[0]), "what a retransmission must carry");
        seq[0]--;
        assertEquals(LayerDrop.DUPLICATE_OR_OLD, send(0, 0, false, true, false, 0, false));
        assertEquals(LayerDrop.BAD_ENCODING, stream.process(p.rtp(3, 1, 1, true, true, true), 0));
    }

    @Test
    void aSourceRestartingItsTimestampsIsANewFrameNotALateOne() {
        stream.target(0, 0);
        frame(0, 0, true);
        int out = p.outSequence;
        p.rtp(0, seq[0]++, TS[0] - 6 * 90_000, true, true, false); // 6 s back: beyond any late frame
        p.pictureId = 1;
        p.pictureIdBits = 15;
        assertEquals(LayerDrop.FORWARD, stream.process(p, 33 * MS));
        assertEquals(out + 1, p.outSequence);
        p.rtp(0, seq[0]++, TS[0] - 4 * 90_000, true, true, false); // 4 s back: a late packet of a forgotten frame
        assertEquals(LayerDrop.FORWARD, stream.process(p, 66 * MS), "newer than the restarted newest frame");
        p.rtp(0, seq[0]++, TS[0] - 5 * 90_000, true, false, false);
        assertEquals(LayerDrop.LATE_FRAME, stream.process(p, 99 * MS));
    }

    @Test
    void vp8DescriptorFillsThePacket() {
        Vp8Descriptor d = new Vp8Descriptor();
        byte[] b = HexFormat.of().parseHex("90" + "e0" + "8472" + "2a" + "60" + "b10700");
        assertEquals(0, d.wrap(MemorySegment.ofArray(b), 0, b.length));
        p.rtp(0, 1, 2, true, false, false).vp8(d);
        assertTrue(p.startOfFrame);
        assertEquals(1, p.temporalId);
        assertTrue(p.layerSync);
        assertEquals(0x0472, p.pictureId);
        assertEquals(15, p.pictureIdBits);
        assertEquals(0x2a, p.tl0PicIdx);
    }

    @Test
    void encodingClocksRelateTimestampsFromSenderReports() {
        EncodingClocks c = new EncodingClocks(2, 90_000);
        assertTrue(!c.known(0) && !c.known(5));
        c.senderReport(0, 1000, 0);
        c.senderReport(1, -2000, 2_000_000_000L); // 2 s later on the wall clock
        assertEquals(-2000 - 180_000 - 1000, c.offset(0, 1));
        assertEquals(1000 + 180_000 + 2000, c.offset(1, 0));
    }
}
