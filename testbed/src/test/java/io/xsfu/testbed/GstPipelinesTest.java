package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The gst-launch descriptions the builders produce (no process started: a namespace is never touched). */
class GstPipelinesTest {
    @Test
    void vp8PublisherFixesSsrcPayloadTypeSourcePortAndKeyframeInterval() {
        String p = GstPublisher.pipeline(GstPublisher.video(null).destination(InetAddress.ofLiteral("10.0.0.1"), 5004)
                .bindPort(40000).ssrc(0xfffffffeL).payloadType(100).frames(90).keyframeMaxDist(15)
                .resolution(640, 360).fps(25));
        assertTrue(p.startsWith("videotestsrc is-live=true pattern=smpte num-buffers=90 ! "
                + "video/x-raw,width=640,height=360,framerate=25/1 ! vp8enc deadline=1 keyframe-max-dist=15 "), p);
        assertTrue(p.contains("! identity name=xsfu_sent silent=false ! rtpvp8pay ssrc=4294967294 pt=100 mtu=1200 "
                + "picture-id-mode=15-bit ! udpsink host=10.0.0.1 port=5004 bind-port=40000 "), p);
    }

    @Test
    void opusPublisherSendsOne20msFramePerBufferToAnIpv6Destination() {
        String p = GstPublisher.pipeline(GstPublisher.audio(null)
                .destination(InetAddress.ofLiteral("fd00:0:0:0:0:0:0:1"), 5006).frames(50));
        assertTrue(p.startsWith("audiotestsrc is-live=true wave=sine samplesperbuffer=960 num-buffers=50 ! "
                + "audio/x-raw,rate=48000,channels=2 ! opusenc "), p);
        assertTrue(p.contains("rtpopuspay ssrc=572662306 pt=111 "), p);
        assertTrue(p.contains("udpsink host=fd00::1 port=5006 sync=false"), p);
    }

    @Test
    void unboundedPublisherHasNoBufferLimit() {
        String p = GstPublisher.pipeline(GstPublisher.video(null).destination(InetAddress.ofLiteral("10.0.0.1"), 1));
        assertTrue(!p.contains("num-buffers"), p);
    }

    @Test
    void severalDestinationsUseAMultiudpsinkAndMustBeIpv4() {
        String p = GstPublisher.pipeline(GstPublisher.video(null).destination(InetAddress.ofLiteral("10.0.0.2"), 1)
                .destination(InetAddress.ofLiteral("10.0.0.3"), 2).bindPort(7));
        assertTrue(p.endsWith("! multiudpsink clients=10.0.0.2:1,10.0.0.3:2 bind-port=7 sync=false async=false"), p);
        assertThrows(IllegalArgumentException.class, () -> GstPublisher.video(null)
                .destination(InetAddress.ofLiteral("10.0.0.2"), 1).destination(InetAddress.ofLiteral("fd00::2"), 1)
                .start());
    }

    @Test
    void subscribersDecodeWithTheRealDecoderAndCountAtTheSink() {
        String v = GstSubscriber.pipeline(GstSubscriber.video(null).port(5004));
        assertEquals("udpsrc address=:: port=5004 caps=application/x-rtp,media=video,encoding-name=VP8,"
                + "clock-rate=90000,payload=96 ! rtpjitterbuffer latency=200 ! rtpvp8depay wait-for-keyframe=true"
                + " ! vp8dec ! fakesink name=xsfu_decoded silent=false sync=false", v);
        String a = GstSubscriber.pipeline(GstSubscriber.audio(null).port(5006).payloadType(109).bindAddress("0.0.0.0")
                .jitterLatencyMs(50));
        assertEquals("udpsrc address=0.0.0.0 port=5006 caps=application/x-rtp,media=audio,encoding-name=OPUS,"
                + "clock-rate=48000,payload=109 ! rtpjitterbuffer latency=50 ! rtpopusdepay ! opusdec plc=false"
                + " ! fakesink name=xsfu_decoded silent=false sync=false", a);
    }

    @Test
    void payloadTypeIsSevenBits() {
        assertThrows(IllegalArgumentException.class, () -> GstPublisher.video(null).payloadType(128));
    }
}
