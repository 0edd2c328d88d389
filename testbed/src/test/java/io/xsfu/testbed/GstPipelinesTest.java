package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void srtpPublisherProtectsAfterThePayloaderWithLibsrtpsNamesForTheSuite() {
        byte[] key = new byte[30];
        key[0] = 0x0a;
        key[29] = (byte) 0xff;
        String hex = "0a" + "00".repeat(28) + "ff";
        String p = GstPublisher.pipeline(GstPublisher.video(null).destination(InetAddress.ofLiteral("10.0.0.1"), 5004)
                .srtp(new GstSrtp("AES_CM_128_HMAC_SHA1_80", key)));
        assertTrue(p.contains("picture-id-mode=15-bit ! srtpenc key=" + hex + " rtp-cipher=aes-128-icm rtp-auth=hmac-sha1-80"
                + " rtcp-cipher=aes-128-icm rtcp-auth=hmac-sha1-80 ! udpsink host=10.0.0.1 port=5004 "), p);
        String short32 = GstPublisher.pipeline(GstPublisher.audio(null).destination(InetAddress.ofLiteral("10.0.0.1"), 5004)
                .srtp(new GstSrtp("AES_CM_128_HMAC_SHA1_32", key)));
        assertTrue(short32.contains("rtp-auth=hmac-sha1-32 rtcp-cipher=aes-128-icm rtcp-auth=hmac-sha1-80 ! udpsink"), short32);
        assertThrows(IllegalArgumentException.class, () -> new GstSrtp("AEAD_AES_128_GCM", key), "GCM keys are 28 bytes");
        assertThrows(IllegalArgumentException.class, () -> new GstSrtp("AES_256_CM_HMAC_SHA1_80", key));
    }

    @Test
    void srtpSubscriberDecryptsTheConsumersSsrcAndSinksTheRtcpItDecrypts() {
        byte[] key = new byte[28];
        key[27] = 1;
        String v = GstSubscriber.pipeline(GstSubscriber.video(null).port(5004)
                .srtp(new GstSrtp("AEAD_AES_128_GCM", key), 0xfffffffeL));
        assertEquals("udpsrc address=:: port=5004 caps=application/x-srtp,media=video,encoding-name=VP8,"
                + "clock-rate=90000,payload=96,ssrc=(uint)4294967294,srtp-key=(buffer)" + "00".repeat(27) + "01"
                + ",srtp-cipher=(string)aes-128-gcm,srtp-auth=(string)null,srtcp-cipher=(string)aes-128-gcm,"
                + "srtcp-auth=(string)null ! srtpdec name=xsfu_srtpdec xsfu_srtpdec.rtcp_src ! fakesink sync=false async=false"
                + " xsfu_srtpdec.rtp_src ! rtpjitterbuffer latency=200 ! rtpvp8depay wait-for-keyframe=true ! vp8dec"
                + " ! fakesink name=xsfu_decoded silent=false sync=false", v);
    }

    @Test
    void payloadTypeIsSevenBits() {
        assertThrows(IllegalArgumentException.class, () -> GstPublisher.video(null).payloadType(128));
    }

    @Test
    void rtpBinPublisherSharesOnePortForRtpAndRtcpAndBundlesAudioWithRtxVideo() {
        String p = RtpBinPublisher.pipeline(RtpBinPublisher.in(null).local(InetAddress.ofLiteral("10.0.0.2"), 40000)
                .remote(InetAddress.ofLiteral("10.0.0.1"), 5004).video(1111, 96).rtx(2222, 97).audio(3333, 111));
        assertTrue(p.startsWith("rtpbin name=xsfu_rtpbin rtp-profile=avpf rtpsession0::rtcp-rr-bandwidth=50000 "
                + "rtpsession0::rtcp-rs-bandwidth=50000 rtpsession0::rtcp-min-interval=1000000000 videotestsrc is-live=true pattern=smpte ! "
                + "video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=3000 "), p);
        assertTrue(p.contains("! identity name=xsfu_sent silent=false ! rtpvp8pay ssrc=1111 pt=96 mtu=1200 "
                + "picture-id-mode=15-bit ! rtprtxsend payload-type-map=\"application/x-rtp-pt-map,96=(uint)97\" "
                + "ssrc-map=\"application/x-rtp-ssrc-map,1111=(uint)2222\" max-size-time=2000 max-size-packets=0 ! "
                + "rtpfunnel name=xsfu_bundle ! xsfu_rtpbin.send_rtp_sink_0 "), p);
        assertTrue(p.contains("! rtpopuspay ssrc=3333 pt=111 mtu=1200 ! xsfu_bundle. "), p);
        assertTrue(p.endsWith("xsfu_rtpbin.send_rtp_src_0 ! funnel name=xsfu_out ! udpsink host=10.0.0.1 port=5004 "
                + "bind-address=0.0.0.0 bind-port=40000 sync=false async=false xsfu_rtpbin.send_rtcp_src_0 ! xsfu_out. "
                + "udpsrc address=10.0.0.2 port=40000 caps=application/x-rtp ! xsfu_rtpbin.recv_rtp_sink_0"), p);
    }

    @Test
    void rtpBinPublisherWithoutRtxOrAudioOverIpv6() {
        String p = RtpBinPublisher.pipeline(RtpBinPublisher.in(null).local(InetAddress.ofLiteral("fd00::2"), 40000)
                .remote(InetAddress.ofLiteral("fd00::1"), 5004).rtcpBandwidth(0).rtcpMinIntervalMs(0));
        assertTrue(p.startsWith("rtpbin name=xsfu_rtpbin rtp-profile=avpf videotestsrc "), p);
        assertFalse(p.contains("rtprtxsend") || p.contains("opus"), p);
        assertTrue(p.contains("udpsink host=fd00::1 port=5004 bind-address=:: bind-port=40000 "), p);
        assertTrue(p.contains("udpsrc address=fd00::2 port=40000 "), p);
    }

    @Test
    void rtpBinSubscriberFeedsRtcpMuxStraightIntoTheSessionWithoutRtx() {
        String p = RtpBinSubscriber.pipeline(RtpBinSubscriber.in(null).local(InetAddress.ofLiteral("10.0.0.3"), 5004)
                .remote(InetAddress.ofLiteral("10.0.0.1"), 40002));
        assertEquals("rtpbin name=xsfu_rtpbin rtp-profile=avpf do-retransmission=true latency=300 "
                + "rtpsession0::rtcp-rr-bandwidth=50000 rtpsession0::rtcp-rs-bandwidth=50000 "
                + "rtpsession0::rtcp-min-interval=1000000000 udpsrc address=10.0.0.3 port=5004 caps=\"application/x-rtp,media=video,encoding-name=VP8,"
                + "clock-rate=90000,payload=96,rtcp-fb-nack=(boolean)true,rtcp-fb-nack-pli=(boolean)true\" ! "
                + "xsfu_rtpbin.recv_rtp_sink_0 xsfu_rtpbin. ! rtpvp8depay request-keyframe=true wait-for-keyframe=true "
                + "! vp8dec ! fakesink name=xsfu_decoded silent=false sync=false xsfu_rtpbin.send_rtcp_src_0 ! "
                + "udpsink host=10.0.0.1 port=40002 bind-address=0.0.0.0 bind-port=5004 sync=false async=false", p);
    }

    @Test
    void rtpBinSubscriberWithRtxSplitsRtpFromRtcpAndMayAskByFir() {
        String p = RtpBinSubscriber.pipeline(RtpBinSubscriber.in(null).local(InetAddress.ofLiteral("10.0.0.3"), 5004)
                .remote(InetAddress.ofLiteral("10.0.0.1"), 40002).rtx(1111, 2222, 97).latencyMs(500)
                .keyframeRequest(RtpBinSubscriber.KeyframeRequest.FIR));
        assertTrue(p.contains("latency=500 "), p);
        assertTrue(p.contains(",rtcp-fb-ccm-fir=(boolean)true\" ! tee name=xsfu_in xsfu_in. ! rtprtxreceive "
                + "payload-type-map=\"application/x-rtp-pt-map,96=(uint)97\" "
                + "ssrc-map=\"application/x-rtp-ssrc-map,1111=(uint)2222\" ! xsfu_rtpbin.recv_rtp_sink_0 "
                + "xsfu_in. ! capssetter caps=application/x-rtcp join=false replace=true ! "
                + "xsfu_rtpbin.recv_rtcp_sink_0 "), p);
        assertFalse(p.contains("nack-pli"), p);
    }

    @Test
    void rtcpMuxForbidsPayloadTypesThatLookLikeRtcp() {
        assertThrows(IllegalArgumentException.class, () -> RtpBinPublisher.in(null).video(1, 72));
        assertThrows(IllegalArgumentException.class, () -> RtpBinSubscriber.in(null).rtx(1, 2, 95));
        assertThrows(IllegalArgumentException.class, () -> RtpBinPublisher.in(null)
                .local(InetAddress.ofLiteral("10.0.0.2"), 1).remote(InetAddress.ofLiteral("10.0.0.1"), 2)
                .video(1, 96).rtx(2, 96).start());
    }
}
