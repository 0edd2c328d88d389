package io.xsfu.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"examples/minimal.json", "examples/two-rooms.json"})
    void examplesRoundTrip(String file) {
        XsfuConfig config = ConfigLoader.load(Path.of(file));
        String json = ConfigWriter.toJson(config);
        assertEquals(config, ConfigLoader.parse(json, "written"));
        assertEquals(json, ConfigWriter.toJson(ConfigLoader.parse(json, "written")), "writing is stable");
    }

    @Test
    void fullConfigRoundTrips() {
        XsfuConfig config = ConfigLoader.parse(TestConfigs.FULL, "full");
        assertEquals(config, ConfigLoader.parse(ConfigWriter.toJson(config), "written"));
    }

    @Test
    void writesEveryFieldInDocumentOrder() {
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40001, "10.0.0.1", "FD00:0:0::1"),
                        RoomConfig.of("r",
                                ParticipantConfig.of("a", 40000, RemoteConfig.comedia()).withReceive(false)
                                        .withProducers(ProducerConfig.video("cam", Codec.VP8, 96, 1111).withRtx(97, 1112),
                                                ProducerConfig.audio("mic", Codec.OPUS, 111, 2222))
                                        .withHeaderExtension(1, HeaderExtension.MID),
                                ParticipantConfig.of("b", 40001, RemoteConfig.fixed("10.0.0.2", 5004)).withSend(false).withSubscribe("a/cam")
                                        .withRtx(true).withRtcp(RtcpFeedbackConfig.DEFAULTS.withFir(true))))
                .withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.busySpin()));
        assertEquals("""
                {
                  "media": {
                    "interface": "eth0",
                    "addresses": [
                      "10.0.0.1",
                      "fd00::1"
                    ],
                    "portMin": 40000,
                    "portMax": 40001
                  },
                  "backend": "afxdp",
                  "afxdp": {
                    "xdpMode": "auto",
                    "bindMode": "auto",
                    "frameSize": 4096,
                    "framesPerQueue": 8192,
                    "ringSize": 2048,
                    "needWakeup": true
                  },
                  "socket": {
                    "batchSize": 64,
                    "receiveBufferBytes": 4194304,
                    "sendBufferBytes": 4194304
                  },
                  "agent": {
                    "idleStrategy": "busy-spin",
                    "batchSize": 64
                  },
                  "counters": {
                    "directory": "/dev/shm/xsfu"
                  },
                  "rooms": [
                    {
                      "id": "r",
                      "participants": [
                        {
                          "id": "a",
                          "port": 40000,
                          "remote": {
                            "comedia": true
                          },
                          "send": true,
                          "receive": false,
                          "producers": [
                            {
                              "id": "cam",
                              "kind": "video",
                              "codec": "VP8",
                              "payloadType": 96,
                              "clockRate": 90000,
                              "ssrc": 1111,
                              "rtx": {
                                "payloadType": 97,
                                "ssrc": 1112
                              }
                            },
                            {
                              "id": "mic",
                              "kind": "audio",
                              "codec": "opus",
                              "payloadType": 111,
                              "clockRate": 48000,
                              "channels": 2,
                              "ssrc": 2222
                            }
                          ],
                          "rtcp": {
                            "nack": true,
                            "pli": true,
                            "fir": false,
                            "remb": false,
                            "transportCc": false
                          },
                          "rtx": false,
                          "headerExtensions": [
                            {
                              "id": 1,
                              "uri": "urn:ietf:params:rtp-hdrext:sdes:mid"
                            }
                          ]
                        },
                        {
                          "id": "b",
                          "port": 40001,
                          "remote": {
                            "address": "10.0.0.2",
                            "port": 5004
                          },
                          "send": false,
                          "receive": true,
                          "subscribe": [
                            "a/cam"
                          ],
                          "rtcp": {
                            "nack": true,
                            "pli": true,
                            "fir": true,
                            "remb": false,
                            "transportCc": false
                          },
                          "rtx": true,
                          "headerExtensions": []
                        }
                      ]
                    }
                  ]
                }
                """, ConfigWriter.toJson(config));
    }

    @Test
    void writesTheSignalingSectionBetweenCountersAndRooms() {
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40001, "10.0.0.1"))
                .withSignaling(SignalingSettings.of(TokenKeySource.file("/etc/xsfu/token.key")).withListen("0:0::0", 8443)
                        .withTls(Path.of("/etc/xsfu/cert.pem"), Path.of("/etc/xsfu/key.pem"))
                        .withLimits(SignalingLimits.DEFAULTS.withMaxRooms(10).withGracePeriodSeconds(0)));
        String json = ConfigWriter.toJson(config);
        assertTrue(json.contains("""
                  "counters": {
                    "directory": "/dev/shm/xsfu"
                  },
                  "signaling": {
                    "listen": {
                      "address": "::",
                      "port": 8443
                    },
                    "tokenKeyFile": "/etc/xsfu/token.key",
                    "tls": {
                      "certificate": "/etc/xsfu/cert.pem",
                      "privateKey": "/etc/xsfu/key.pem"
                    },
                    "limits": {
                      "maxMessageBytes": 262144,
                      "requestsPerSecond": 20,
                      "maxParticipantsPerRoom": 100,
                      "maxRooms": 10,
                      "gracePeriodSeconds": 0,
                      "statsIntervalSeconds": 5
                    }
                  },
                  "rooms": []
                """), json);
        assertEquals(config, ConfigLoader.parse(json, "written"));
    }

    @Test
    void anInlineKeyIsWrittenAsItIsAndWithoutTls() {
        String key = "k\"e\\y-é-鍵-🔑-0123456789abcdef";
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40001, "10.0.0.1"))
                .withSignaling(SignalingSettings.of(TokenKeySource.inline(key)));
        String json = ConfigWriter.toJson(config);
        assertTrue(json.contains("\"tokenKey\": \"k\\\"e\\\\y-é-鍵-🔑-0123456789abcdef\","), json);
        assertFalse(json.contains("tokenKeyFile"), json);
        assertFalse(json.contains("\"tls\""), json);
        assertEquals(config, ConfigLoader.parse(json, "written"));
        assertEquals(config.withoutSignaling(), ConfigLoader.parse(ConfigWriter.toJson(config.withoutSignaling()), "without"));
        assertFalse(ConfigWriter.toJson(config.withoutSignaling()).contains("signaling"));
    }

    @Test
    void srtpKeysAreWrittenAfterTheHeaderExtensionsAndReadBack() {
        SrtpConfig srtp = new SrtpConfig(SrtpCryptoSuite.AEAD_AES_128_GCM, ConfigCases.KEY_28_A, ConfigCases.KEY_28_B);
        XsfuConfig config = XsfuConfig.of(MediaConfig.of("eth0", 40000, 40001, "10.0.0.1"), RoomConfig.of("r",
                ParticipantConfig.of("p", 40000, RemoteConfig.comedia()).withSend(false).withSrtp(srtp)));
        String json = ConfigWriter.toJson(config);
        assertTrue(json.contains("""
                          "headerExtensions": [],
                          "srtp": {
                            "cryptoSuite": "AEAD_AES_128_GCM",
                            "receiveKey": "%s",
                            "sendKey": "%s"
                          }
                """.formatted(ConfigCases.KEY_28_A, ConfigCases.KEY_28_B)), json);
        assertEquals(config, ConfigLoader.parse(json, "written"));
        assertEquals(List.of(), config.validate());
        assertArrayEquals(java.util.Base64.getDecoder().decode(ConfigCases.KEY_28_B), srtp.sendKeyBytes());
    }

    @Test
    void aPrintedConfigShowsNoSrtpKey() {
        SrtpConfig srtp = new SrtpConfig(SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80, ConfigCases.KEY_30_A, ConfigCases.KEY_30_B);
        String printed = ParticipantConfig.of("p", 40000, RemoteConfig.comedia()).withSrtp(srtp).toString();
        assertTrue(printed.contains("SrtpConfig[AES_CM_128_HMAC_SHA1_80, keys redacted]"), printed);
        assertFalse(printed.contains(ConfigCases.KEY_30_A.substring(0, 8)), printed);
        assertFalse(printed.contains(ConfigCases.KEY_30_B.substring(0, 8)), printed);
    }

    @Test
    void codecsAreWrittenInTheirCanonicalSpelling() {
        String json = JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[0].producers[0].codec", "\"vp8\"");
        String written = ConfigWriter.toJson(ConfigLoader.parse(json, "lower"));
        assertEquals(true, written.contains("\"codec\": \"VP8\""), written);
        assertEquals(false, written.contains("\"vp8\""), written);
    }

    @Test
    void videoProducersAreWrittenWithoutChannels() {
        String written = ConfigWriter.toJson(ConfigLoader.parse(TestConfigs.FULL, "full"));
        assertEquals(1, written.split("\"channels\"", -1).length - 1, "only the opus producer has channels:\n" + written);
    }

    @Test
    void parameterisedIdleStrategiesAreWrittenAsObjects() {
        XsfuConfig base = ConfigLoader.parse(TestConfigs.FULL, "full");
        String backoff = ConfigWriter.toJson(base.withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.backoff(20))));
        assertEquals(true, backoff.contains("\"idleStrategy\": {\n      \"type\": \"backoff\",\n      \"maxParkMicros\": 20\n    }"), backoff);
        String sleep = ConfigWriter.toJson(base.withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.sleep(300))));
        assertEquals(true, sleep.contains("\"idleStrategy\": {\n      \"type\": \"sleep\",\n      \"sleepMicros\": 300\n    }"), sleep);
    }

    @Test
    void readmeExampleBuildsWritesAndLoads(@TempDir Path dir) {
        XsfuConfig built = XsfuConfig.of(
                        MediaConfig.of("veth0", 40000, 40099, "10.0.0.1"),
                        RoomConfig.of("demo",
                                ParticipantConfig.of("pub", 40000, RemoteConfig.comedia()).withReceive(false)
                                        .withProducers(ProducerConfig.video("cam", Codec.VP8, 96, 1111).withRtx(97, 1112),
                                                ProducerConfig.audio("mic", Codec.OPUS, 111, 2222)),
                                ParticipantConfig.of("sub", 40001, RemoteConfig.fixed("10.0.0.2", 5004)).withSend(false).withRtx(true)))
                .withBackend(Backend.SOCKET)
                .withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.sleep(200)))
                .withSignaling(SignalingSettings.of(TokenKeySource.file("/etc/xsfu/token.key")).withListen("127.0.0.1", 8443)
                        .withLimits(SignalingLimits.DEFAULTS.withMaxRooms(10)))
                .requireValid();
        Path file = dir.resolve("generated.json");
        ConfigWriter.write(built, file);
        assertEquals(built, ConfigLoader.load(file));
    }

    @Test
    void writesAFileTheLoaderReads(@TempDir Path dir) {
        XsfuConfig config = ConfigLoader.parse(TestConfigs.FULL, "full").withBackend(Backend.SOCKET);
        Path file = dir.resolve("generated.json");
        ConfigWriter.write(config, file);
        assertEquals(config, ConfigLoader.load(file));
    }
}
