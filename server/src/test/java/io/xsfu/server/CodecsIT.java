package io.xsfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.config.Codec;
import io.xsfu.config.ParticipantConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.config.RemoteConfig;
import io.xsfu.config.XsfuConfig;
import io.xsfu.testbed.GstProcess;
import io.xsfu.testbed.LanTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * H.264 and VP9 (beside VP8 and Opus, tested elsewhere) through the SFU with real encoders and decoders:
 * the SFU must find their keyframes (H.264 IDR/SPS in single NAL units, STAP-A or FU-A; VP9's descriptor)
 * to start a consumer, and forward everything else unchanged but for the header it owns.
 */
class CodecsIT {
    private static final int FRAMES = 150;

    enum VideoCodec {
        H264(Codec.H264, 102,
                "openh264enc gop-size=30 ! identity name=xsfu_sent silent=false ! rtph264pay config-interval=-1",
                "H264", "rtph264depay ! avdec_h264"),
        VP9(Codec.VP9, 98,
                "vp9enc deadline=1 keyframe-max-dist=30 ! identity name=xsfu_sent silent=false ! rtpvp9pay",
                "VP9", "rtpvp9depay ! vp9dec");

        final Codec codec;
        final int payloadType;
        final String encode;
        final String encodingName;
        final String decode;

        VideoCodec(Codec codec, int payloadType, String encode, String encodingName, String decode) {
            this.codec = codec;
            this.payloadType = payloadType;
            this.encode = encode;
            this.encodingName = encodingName;
            this.decode = decode;
        }
    }

    private static GstProcess startEncoder(LanTopology lan, LanTopology.Client host, VideoCodec v) {
        return GstProcess.start(host.ns(), "pub-" + v, "videotestsrc is-live=true num-buffers=" + FRAMES
                + " ! video/x-raw,width=320,height=240,framerate=30/1 ! " + v.encode + " ssrc=5555 pt=" + v.payloadType
                + " mtu=1200 ! udpsink host=" + lan.serverIpv4().getHostAddress() + " port=40000 bind-port=5002"
                + " sync=false async=false", "xsfu_sent");
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void videoOfThisCodecIsForwardedAndDecoded(VideoCodec v) throws Exception {
        Path counters = Files.createTempDirectory("xsfu-it-counters");
        try (LanTopology lan = LanTopology.builder().clients(2).build()) {
            var pubHost = lan.client(0);
            var subHost = lan.client(1);
            XsfuConfig config = ServerFixture.config(lan, Backend.AFXDP, counters,
                    ParticipantConfig.of("pub", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.video("cam", v.codec, v.payloadType, 5555)),
                    ParticipantConfig.of("sub", 40001, RemoteConfig.fixed(subHost.ipv4(), 5004)).withSend(false));
            XsfuServer server = lan.server().call(() -> XsfuServer.start(config));
            try (GstProcess decoder = GstProcess.start(subHost.ns(), "sub-" + v, "udpsrc address=:: port=5004"
                            + " caps=application/x-rtp,media=video,encoding-name=" + v.encodingName + ",clock-rate=90000,payload="
                            + v.payloadType + " ! rtpjitterbuffer latency=200 ! " + v.decode
                            + " ! fakesink name=xsfu_decoded silent=false sync=false", "xsfu_decoded");
                 GstProcess encoder = decoder.awaitPlaying(Duration.ofSeconds(10)) ? startEncoder(lan, pubHost, v) : null) {
                assertTrue(encoder != null, "decoder running\n" + decoder.diagnostics());
                assertTrue(encoder.awaitExit(Duration.ofSeconds(30)), "encoder finished\n" + encoder.diagnostics());
                assertTrue(encoder.count() >= FRAMES, "sent " + encoder.count());
                assertTrue(decoder.awaitCount((long) Math.ceil(0.9 * FRAMES), Duration.ofSeconds(10)),
                        "decoded " + decoder.count() + " of " + FRAMES + " " + v + " frames\n" + decoder.diagnostics());
            } finally {
                server.close();
            }
        } finally {
            try (var files = Files.walk(counters)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
