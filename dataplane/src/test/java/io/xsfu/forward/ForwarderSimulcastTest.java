package io.xsfu.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.codec.CodecDrop;
import io.xsfu.codec.Vp8Descriptor;
import io.xsfu.codec.Vp9Descriptor;
import io.xsfu.layers.LayerDrop;
import io.xsfu.metrics.DataplaneCounters;
import io.xsfu.packet.PacketParser;
import io.xsfu.packet.ParsedPacket;
import io.xsfu.packet.Wire;
import io.xsfu.route.Consumer;
import io.xsfu.route.Endpoint;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.RoutingTable;
import io.xsfu.route.Transport;
import io.xsfu.rtcp.Feedback;
import io.xsfu.rtcp.RtcpCompound;
import io.xsfu.rtcp.RtcpKind;
import io.xsfu.rtcp.RtcpWriter;
import io.xsfu.rtcp.SenderReport;
import io.xsfu.rtp.MediaCodec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A simulcast publisher (three VP8 encodings by SSRC) and two subscribers through the forwarder: each subscriber
 * gets one continuous stream (its own SSRC, sequence numbers, timestamps and picture ids) whatever encodings it came
 * from, switches only at keyframes of the target, asks for them, and retransmits what it sent. The egress applies
 * the real header patch to a copy of each packet, as the backends do, and keeps the bytes.
 */
class ForwarderSimulcastTest {
    private static final int PUB = 41000;
    private static final int SUB1 = 41001;
    private static final int SUB2 = 41002;
    private static final int CLIENT = 0x0a000002;
    private static final int[] SSRC = {100, 200, 300};
    /** Each encoding's clock starts elsewhere, as a browser's do. */
    private static final int[] TS_BASE = {10_000, 5_000_000, 90_000_000};
    /** Each encoding numbers its own packets and pictures. */
    private static final int[] SEQ_BASE = {1000, 20_000, 40_000};
    private static final int[] PID_BASE = {100, 7000, 20_000};

    private DataplaneCounters counters;
    private final Egress egress = new PatchingEgress();
    private final List<Out> sent = new ArrayList<>();
    private final List<String> rawTo = new ArrayList<>();
    private final List<byte[]> raw = new ArrayList<>();
    private final ParsedPacket packet = new ParsedPacket();
    private Forwarder forwarder;
    private long now = 1_000_000_000L;

    /** One copy as it would leave: to whom, and its bytes. */
    record Out(String to, byte[] bytes) {
        int ssrc() {
            return Wire.i32(MemorySegment.ofArray(bytes), 8);
        }

        int seq() {
            return Wire.u16(MemorySegment.ofArray(bytes), 2);
        }

        int timestamp() {
            return Wire.i32(MemorySegment.ofArray(bytes), 4);
        }

        Vp8Descriptor vp8() {
            Vp8Descriptor d = new Vp8Descriptor();
            assertEquals(0, d.wrap(MemorySegment.ofArray(bytes), 12, bytes.length - 12));
            return d;
        }
    }

    final class PatchingEgress implements Egress {
        @Override
        public boolean needsNextHopMac() {
            return false;
        }

        @Override
        public void begin(ParsedPacket in) {
        }

        @Override
        public int sendRtp(ParsedPacket in, Transport to, RtpRewrite r) {
            byte[] copy = in.segment().asSlice(in.payloadOffset(), in.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
            RtpPatch.apply(MemorySegment.ofArray(copy), 0, r);
            sent.add(new Out(to.participantId(), copy));
            return 0;
        }

        @Override
        public int sendRaw(MemorySegment buffer, long offset, int length, Transport to, Endpoint dst) {
            rawTo.add(to.participantId());
            raw.add(buffer.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            return 0;
        }
    }

    @BeforeEach
    void setUp() {
        CountersManager manager = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 18)));
        counters = new DataplaneCounters(manager);
        ProducerSpec cam = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, SSRC[0]).withSimulcast(List.of(
                new ProducerSpec.Encoding("q", SSRC[0], 0, 150_000),
                new ProducerSpec.Encoding("h", SSRC[1], 0, 500_000),
                new ProducerSpec.Encoding("f", SSRC[2], 0, 1_500_000)));
        RoutingTable table = RoutingTable.builder(41000, 41099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", cam)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null)
                .build();
        forwarder = new Forwarder(counters, a -> true, table);
    }

    private Consumer consumer(int port) {
        Consumer[] all = forwarder.table().byLocalPort(port).consumers();
        assertEquals(1, all.length, "one consumer per simulcast source, not one per encoding");
        return all[0];
    }

    /**
     * Packet {@code k} of frame {@code frame} (of {@code packets}) of encoding {@code e}: 15-bit picture id,
     * TL0PICIDX and TID present; a keyframe carries the VP8 start code.
     */
    private int send(int e, int frame, int k, int packets, boolean key, int tid, boolean sync) {
        int seq = SEQ_BASE[e] + frame * packets + k;
        int ts = TS_BASE[e] + frame * 3000;
        int pid = PID_BASE[e] + frame;
        byte[] b = new byte[12 + 5 + 100];
        b[0] = (byte) 0x80;
        b[1] = (byte) (96 | (k == packets - 1 ? 0x80 : 0));
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        MemorySegment s = MemorySegment.ofArray(b);
        Wire.putI32(s, 4, ts);
        Wire.putI32(s, 8, SSRC[e]);
        b[12] = (byte) (0x80 | (k == 0 ? 0x10 : 0)); // X, S at the frame's first packet, partition 0
        b[13] = (byte) 0xE0; // I, L, T
        Wire.putU16(s, 14, 0x8000 | (pid & 0x7FFF));
        b[16] = (byte) (frame & 0xFF); // TL0PICIDX (every frame counted as TL0 here unless tid > 0)
        b[17] = (byte) ((tid << 6) | (sync ? 0x20 : 0));
        b[18] = (byte) (key ? 0x00 : 0x01); // P bit: 0 = keyframe
        b[21] = (byte) 0x9d;
        b[22] = 0x01;
        b[23] = 0x2a;
        int reason = PacketParser.parseDatagram(s, 0, b.length, 4, CLIENT, 0, 0, 5000, PUB, packet);
        assertEquals(0, reason);
        return forwarder.onDatagram(packet, egress, now);
    }

    /** One whole frame of every encoding, lowest first, as they arrive from a browser. */
    private void frameAll(int frame, boolean key) {
        for (int e = 0; e < 3; e++) {
            send(e, frame, 0, 2, key, 0, false);
            send(e, frame, 1, 2, key, 0, false);
        }
        now += 33_000_000L;
    }

    private List<Out> to(String who) {
        return sent.stream().filter(o -> o.to().equals(who)).toList();
    }

    private List<Integer> pliSsrcs() {
        List<Integer> ssrcs = new ArrayList<>();
        for (byte[] b : raw) {
            RtcpCompound c = new RtcpCompound();
            c.wrap(MemorySegment.ofArray(b), 0, b.length);
            while (c.next()) {
                if (c.kind() == RtcpKind.PLI) {
                    ssrcs.add(new Feedback().wrap(c.segment(), c.packetOffset(), c.contentLength()).mediaSsrc());
                }
            }
        }
        return ssrcs;
    }

    private static void assertContinuous(List<Out> outs) {
        for (int i = 1; i < outs.size(); i++) {
            Out a = outs.get(i - 1);
            Out b = outs.get(i);
            assertEquals(a.ssrc(), b.ssrc(), "one SSRC for the subscriber");
            assertEquals((a.seq() + 1) & 0xFFFF, b.seq(), "no gap in the numbering at packet " + i);
            int pidStep = (b.vp8().pictureId() - a.vp8().pictureId()) & 0x7FFF;
            boolean newFrame = b.timestamp() != a.timestamp();
            assertEquals(newFrame ? 1 : 0, pidStep, "picture ids follow frame by frame at packet " + i);
            if (newFrame) {
                assertTrue(b.timestamp() - a.timestamp() > 0, "time moves forward at packet " + i);
            }
        }
    }

    @Test
    void eachSubscriberGetsOneContinuousStreamOfTheTopEncodingByDefault() {
        frameAll(0, true);
        for (int f = 1; f <= 5; f++) {
            frameAll(f, false);
        }
        for (String who : List.of("sub1", "sub2")) {
            List<Out> outs = to(who);
            // Encoding 0's keyframe came first (nothing flowing yet), encoding 2's in the same frame time: the target.
            assertEquals(2 + 12, outs.size(), who + ": " + outs.size());
            assertContinuous(outs);
            assertEquals(consumer(who.equals("sub1") ? SUB1 : SUB2).ssrc(), outs.getFirst().ssrc());
        }
        Consumer c = consumer(SUB1);
        assertEquals(2, c.simulcast().selector().currentSpatial());
        assertEquals(2, c.source().encoding());
        assertEquals(0, counters.drops(ForwardDrop.WAITING_FOR_KEYFRAME));
    }

    @Test
    void aLowerTargetAsksThatEncodingForAKeyFrameAndSwitchesOnlyThere() {
        frameAll(0, true);
        frameAll(1, false);
        raw.clear();
        Consumer c1 = consumer(SUB1);
        forwarder.setLayers(new Command.SetLayers(SUB1, new int[] {c1.ssrc()}, new int[] {0}, new int[] {3}));
        int before = to("sub1").size();
        frameAll(2, false);
        assertEquals(List.of(SSRC[0]), pliSsrcs(), "a keyframe of the target encoding is requested");
        assertEquals(2, c1.simulcast().selector().currentSpatial(), "the current encoding flows until it comes");
        assertEquals(before + 2, to("sub1").size());
        // Only encoding 0 sends a keyframe: sub1 switches, sub2 (target 2) does not.
        send(0, 3, 0, 2, true, 0, false);
        send(0, 3, 1, 2, true, 0, false);
        send(1, 3, 0, 2, false, 0, false);
        send(1, 3, 1, 2, false, 0, false);
        send(2, 3, 0, 2, false, 0, false);
        send(2, 3, 1, 2, false, 0, false);
        now += 33_000_000L;
        frameAll(4, false);
        assertEquals(0, c1.simulcast().selector().currentSpatial());
        assertEquals(2, consumer(SUB2).simulcast().selector().currentSpatial());
        assertContinuous(to("sub1"));
        assertContinuous(to("sub2"));
        assertEquals(3, c1.simulcast().selector().spatialSwitches(),
                "encoding 0 at the start, 2 in the same frame time (the target), 0 at its keyframe");
        byte[] sw = to("sub1").get(before + 2).bytes();
        assertEquals(0, sw[12 + 6] & 0x01, "the switch happens at a keyframe");
    }

    @Test
    void temporalLayersAboveTheTargetAreDroppedWithoutBreakingThePictureIds() {
        // Encoding 2 with two temporal layers: TL0 on even frames, TL1 on odd ones.
        send(2, 0, 0, 1, true, 0, false);
        now += 33_000_000L;
        Consumer c = consumer(SUB1);
        forwarder.setLayers(new Command.SetLayers(SUB1, new int[] {c.ssrc()}, new int[] {2}, new int[] {0}));
        for (int f = 1; f <= 6; f++) {
            send(2, f, 0, 1, false, f % 2, false);
            now += 33_000_000L;
        }
        List<Out> outs = to("sub1");
        assertEquals(4, outs.size(), "frames 0, 2, 4, 6");
        assertContinuous(outs);
        assertEquals(3, counters.drops(LayerDrop.TEMPORAL_LAYER), "sub1's three TL1 frames (sub2 takes them)");
        assertEquals(7, to("sub2").size());
    }

    @Test
    void nacksAreAnsweredFromTheForwardedEncodingWithThePictureIdsTheCopiesHad() {
        frameAll(0, true);
        frameAll(1, false);
        frameAll(2, false);
        Consumer c = consumer(SUB1);
        Out lost = to("sub1").get(4);
        raw.clear();
        rawTo.clear();
        nack(c, lost.seq());
        assertEquals(List.of("sub1"), rawTo);
        byte[] again = raw.getFirst();
        assertEquals(List.of(lost.ssrc(), lost.seq(), lost.timestamp()),
                List.of(Wire.i32(MemorySegment.ofArray(again), 8), Wire.u16(MemorySegment.ofArray(again), 2),
                        Wire.i32(MemorySegment.ofArray(again), 4)));
        Vp8Descriptor d = new Vp8Descriptor();
        d.wrap(MemorySegment.ofArray(again), 12, again.length - 12);
        assertEquals(lost.vp8().pictureId(), d.pictureId());
        assertEquals(lost.vp8().tl0PicIdx(), d.tl0PicIdx());
        // The first packet sub1 got came from encoding 0, before it switched to 2: gone with the switch.
        nack(c, to("sub1").getFirst().seq());
        assertEquals(1, counters.drops(ForwardDrop.NACK_NOT_IN_CACHE));
    }

    @Test
    void nacksAreStillAnsweredAfterARunOfMoreThanHalfTheSequenceSpace() {
        frameAll(0, true);
        for (int f = 1; f <= 40_000; f++) {
            send(2, f, 0, 1, false, 0, false);
        }
        Consumer c = consumer(SUB1);
        Out newest = to("sub1").getLast();
        raw.clear();
        rawTo.clear();
        nack(c, newest.seq());
        assertEquals(List.of("sub1"), rawTo, "the newest packet of a 40,000-packet run is this run's");
    }

    @Test
    void senderReportsOfTheForwardedEncodingAloneBecomeTheSubscribersOwn() {
        frameAll(0, true);
        raw.clear();
        rawTo.clear();
        rtcp(w -> w.senderReport(SSRC[1], 0x1000_0000_0000_0000L, TS_BASE[1], 10, 1000));
        assertEquals(List.of(), rawTo, "encoding 1 is not forwarded to anyone");
        rtcp(w -> w.senderReport(SSRC[2], 0x1000_0000_0000_0000L, TS_BASE[2], 10, 1000));
        assertEquals(List.of("sub1", "sub2"), rawTo);
        SenderReport sr = new SenderReport().wrap(MemorySegment.ofArray(raw.getFirst()), 0, 28);
        Consumer c = consumer(SUB1);
        assertEquals(c.ssrc(), sr.ssrc());
        assertEquals(TS_BASE[2] + c.timestamp().offset(), sr.rtpTimestamp());
    }

    @Test
    void aDescriptorThatLiesAboutItsLengthIsACountedDropForEveryone() {
        frameAll(0, true);
        int before = sent.size();
        byte[] b = new byte[12 + 3];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[3] = 5;
        MemorySegment s = MemorySegment.ofArray(b);
        Wire.putI32(s, 8, SSRC[2]);
        b[12] = (byte) 0x90;
        b[13] = (byte) 0x80; // I: a picture id follows...
        b[14] = (byte) 0x80; // ...15 bits wide, but the packet ends
        assertEquals(0, PacketParser.parseDatagram(s, 0, b.length, 4, CLIENT, 0, 0, 5000, PUB, packet));
        assertEquals(0, forwarder.onDatagram(packet, egress, now));
        assertEquals(before, sent.size());
        assertEquals(1, counters.drops(CodecDrop.VP8_TRUNCATED_PICTURE_ID));
        frameAll(1, false);
        assertEquals(before + 4, sent.size(), "the streams keep flowing");
    }

    @Test
    void aResumedConsumerStartsAgainAtAKeyFrameAndItsNumberingContinues() {
        frameAll(0, true);
        frameAll(1, false);
        Consumer c = consumer(SUB1);
        c.paused(true);
        frameAll(2, false);
        c.paused(false);
        raw.clear();
        int before = to("sub1").size();
        frameAll(3, false);
        assertEquals(before, to("sub1").size(), "nothing before a keyframe: frame 2 was never sent");
        now += 1_000_000_000L; // the publisher's keyframe throttle lets the request through (at once or on its timer)
        frameAll(4, false);
        forwarder.housekeeping(egress, now);
        assertTrue(pliSsrcs().contains(SSRC[2]), "one is asked for: " + pliSsrcs());
        assertEquals(before, to("sub1").size());
        frameAll(5, true);
        List<Out> outs = to("sub1");
        assertTrue(outs.size() > before);
        Out last = outs.get(before - 1);
        Out next = outs.get(before);
        assertEquals((last.seq() + 1) & 0xFFFF, next.seq(), "the numbering continues");
        assertEquals(0, next.bytes()[12 + 6] & 0x01, "at a keyframe");
    }

    @Test
    void aNewRoutingTableKeepsTheLayerStateOfEveryConsumer() {
        frameAll(0, true);
        frameAll(1, false);
        Consumer c = consumer(SUB1);
        forwarder.setLayers(new Command.SetLayers(SUB1, new int[] {c.ssrc()}, new int[] {1}, new int[] {3}));
        forwarder.apply(RoutingTable.builder(41000, 41099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", forwarder.table().byLocalPort(PUB).producers()[0].spec())
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null)
                .build());
        Consumer after = consumer(SUB1);
        assertEquals(1, after.simulcast().selector().targetSpatial());
        assertEquals(2, after.simulcast().selector().currentSpatial());
        frameAll(2, false);
        assertContinuous(to("sub1"));
    }

    private void nack(Consumer c, int seq) {
        int[] lost = {seq};
        rtcpFrom(0x0a000003, 6001, SUB1, w -> w.nack(12345, c.ssrc(), lost, 0, 1));
    }

    private void rtcp(java.util.function.Consumer<RtcpWriter> build) {
        rtcpFrom(CLIENT, 5000, PUB, build);
    }

    private void rtcpFrom(int ip, int port, int dst, java.util.function.Consumer<RtcpWriter> build) {
        MemorySegment buf = MemorySegment.ofArray(new byte[1500]);
        RtcpWriter w = new RtcpWriter().wrap(buf, 0, 1500);
        build.accept(w);
        byte[] b = buf.asSlice(0, w.length()).toArray(ValueLayout.JAVA_BYTE);
        assertEquals(0, PacketParser.parseDatagram(MemorySegment.ofArray(b), 0, b.length, 4, ip, 0, 0, port, dst,
                packet));
        forwarder.onDatagram(packet, egress, now);
    }

    /** A one-packet VP9 frame of encoding {@code e} (non-flexible, 15-bit picture id, layer indices, TL0PICIDX). */
    private int vp9(int e, int frame, boolean key, int tid, boolean switchUp) {
        byte[] b = new byte[12 + 5 + 40];
        MemorySegment s = MemorySegment.ofArray(b);
        b[0] = (byte) 0x80;
        b[1] = (byte) (98 | 0x80);
        Wire.putU16(s, 2, SEQ_BASE[e] + frame);
        Wire.putI32(s, 4, TS_BASE[e] + frame * 3000);
        Wire.putI32(s, 8, SSRC[e]);
        b[12] = (byte) (0xAC | (key ? 0 : 0x40)); // I L B E, P unless a keyframe
        Wire.putU16(s, 13, 0x8000 | ((PID_BASE[e] + frame) & 0x7FFF));
        b[15] = (byte) ((tid << 5) | (switchUp ? 0x10 : 0));
        b[16] = (byte) (frame / 2);
        assertEquals(0, PacketParser.parseDatagram(s, 0, b.length, 4, CLIENT, 0, 0, 5000, PUB, packet));
        int copies = forwarder.onDatagram(packet, egress, now);
        now += 33_000_000L;
        return copies;
    }

    @Test
    void vp9TemporalLayersAreDroppedByTidAndComeBackAtASwitchingUpPoint() {
        ProducerSpec cam = ProducerSpec.of("cam", MediaCodec.VP9, 98, 90000, SSRC[0]).withSimulcast(List.of(
                new ProducerSpec.Encoding(null, SSRC[0], 0, 0), new ProducerSpec.Encoding(null, SSRC[1], 0, 0)));
        forwarder.apply(RoutingTable.builder(41000, 41099)
                .participant("room", "pub", PUB, null, true, false, null)
                .producer("room", "pub", cam)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .build());
        vp9(1, 0, true, 0, false);
        Consumer c = consumer(SUB1);
        forwarder.setLayers(new Command.SetLayers(SUB1, new int[] {c.ssrc()}, new int[] {1}, new int[] {0}));
        for (int f = 1; f <= 4; f++) {
            vp9(1, f, false, f % 2, f % 2 == 1);
        }
        assertEquals(3, sent.size(), "frames 0, 2, 4: TL1 dropped");
        forwarder.setLayers(new Command.SetLayers(SUB1, new int[] {c.ssrc()}, new int[] {1}, new int[] {3}));
        vp9(1, 5, false, 1, false);
        assertEquals(3, sent.size(), "a TL1 frame that is no switching-up point may reference a dropped one");
        vp9(1, 6, false, 0, false);
        vp9(1, 7, false, 1, true);
        vp9(1, 8, false, 0, false);
        assertEquals(6, sent.size(), "back at the switching-up point");
        Vp9Descriptor d = new Vp9Descriptor();
        int previous = -1;
        for (Out o : sent) {
            assertEquals(0, d.wrap(MemorySegment.ofArray(o.bytes()), 12, o.bytes().length - 12));
            if (previous >= 0) {
                assertTrue(((d.pictureId() - previous) & 0x7FFF) >= 1, "picture ids go forward");
            }
            previous = d.pictureId();
        }
        assertEquals(3, counters.drops(LayerDrop.TEMPORAL_LAYER), "frames 1, 3 and 5");
        assertTrue(c.simulcast() != null, "a consumer whose source changed its encodings (3 VP8 to 2 VP9) starts selecting afresh");
    }

    /** A keyframe packet of a browser's encoding: SSRC not declared, its RID in a one-byte rtp-stream-id element (id 10). */
    private int ridPacket(int ssrc, String rid, int seq, boolean key) {
        byte[] r = rid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int extWords = (1 + r.length + 3) / 4;
        byte[] b = new byte[12 + 4 + extWords * 4 + 3 + 20];
        MemorySegment s = MemorySegment.ofArray(b);
        b[0] = (byte) 0x90;
        b[1] = (byte) (96 | 0x80);
        Wire.putU16(s, 2, seq);
        Wire.putI32(s, 4, seq * 3000);
        Wire.putI32(s, 8, ssrc);
        Wire.putU16(s, 12, 0xBEDE);
        Wire.putU16(s, 14, extWords);
        b[16] = (byte) ((10 << 4) | (r.length - 1));
        System.arraycopy(r, 0, b, 17, r.length);
        int payload = 16 + extWords * 4;
        b[payload] = (byte) 0x90; // X, S
        b[payload + 1] = (byte) 0x80; // I
        b[payload + 2] = (byte) (seq & 0x7F); // 7-bit picture id
        b[payload + 3] = (byte) (key ? 0x00 : 0x01);
        b[payload + 6] = (byte) 0x9d;
        b[payload + 7] = 0x01;
        b[payload + 8] = 0x2a;
        assertEquals(0, PacketParser.parseDatagram(s, 0, b.length, 4, CLIENT, 0, 0, 5000, PUB, packet));
        return forwarder.onDatagram(packet, egress, now);
    }

    @Test
    void aBrowsersEncodingsAreLearnedFromTheirRids() {
        ProducerSpec cam = ProducerSpec.of("cam", MediaCodec.VP8, 96, 90000, 0).withSimulcast(List.of(
                new ProducerSpec.Encoding("q", 0, 0, 0), new ProducerSpec.Encoding("h", 0, 0, 0),
                new ProducerSpec.Encoding("f", 0, 0, 0)));
        io.xsfu.route.TransportOptions rids = new io.xsfu.route.TransportOptions(true, true, false, false,
                java.util.Map.of(io.xsfu.route.TransportOptions.RTP_STREAM_ID, 10));
        forwarder.apply(RoutingTable.builder(41000, 41099)
                .participant("room", "pub", PUB, null, true, false, null, rids)
                .producer("room", "pub", cam)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .build());
        assertEquals(0, ridPacket(0xAAAA, "x", 1, true), "an unknown RID");
        assertEquals(1, counters.drops(ForwardDrop.UNKNOWN_SSRC));
        assertEquals(1, ridPacket(0xF0F0, "f", 1, true), "the top encoding's keyframe starts sub1's stream");
        assertEquals(0, ridPacket(0x1010, "q", 7, true), "encoding 0 is learned too (sub1 stays on the target)");
        Transport t = forwarder.table().byLocalPort(PUB);
        assertEquals(0xF0F0, t.producers()[2].ssrc());
        assertEquals(0x1010, t.producers()[0].ssrc());
        assertEquals(2, counters.ridsLearned.get());
        assertEquals(1, ridPacket(0xF0F0, "f", 2, false), "later packets are routed by their SSRC");
        // A new table (someone joins) keeps what was learned.
        forwarder.apply(RoutingTable.builder(41000, 41099)
                .participant("room", "pub", PUB, null, true, false, null, rids)
                .producer("room", "pub", cam)
                .participant("room", "sub1", SUB1, new InetSocketAddress("10.0.0.3", 6001), false, true, null)
                .participant("room", "sub2", SUB2, new InetSocketAddress("10.0.0.4", 6002), false, true, null)
                .build());
        assertEquals(0xF0F0, forwarder.table().byLocalPort(PUB).producers()[2].ssrc());
        assertEquals(2, ridPacket(0xF0F0, "f", 3, true));
        assertEquals(2, counters.ridsLearned.get());
        byte[] copy = sent.getLast().bytes();
        assertEquals(0, RtpPatchTestAccess.ridIn(copy), "the publisher's RID is not in the copy");
    }

    /** What is left of element 10 in a copy (the subscriber did not negotiate it: blanked to padding). */
    static final class RtpPatchTestAccess {
        static int ridIn(byte[] copy) {
            long at = io.xsfu.packet.RtpHeaderExtensions.find(MemorySegment.ofArray(copy), 0, 10);
            return at < 0 ? 0 : 1;
        }
    }
}
