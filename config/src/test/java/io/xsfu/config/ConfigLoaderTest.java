package io.xsfu.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void readsEveryFieldOfTheFullConfig() throws Exception {
        XsfuConfig config = ConfigLoader.parse(TestConfigs.FULL, "full");
        assertEquals(new MediaConfig("eth0", List.of(InetAddress.ofLiteral("10.0.0.1"), InetAddress.ofLiteral("fd00::1")), 40000, 40999),
                config.media());
        assertEquals(Backend.AFXDP, config.backend());
        assertEquals(AfXdpConfig.DEFAULTS, config.afxdp());
        assertEquals(SocketConfig.DEFAULTS, config.socket());
        assertEquals(new AgentConfig(new IdleStrategyConfig.Backoff(1000), 64), config.agent());
        assertEquals(CountersConfig.of("/dev/shm/xsfu"), config.counters());
        assertEquals(Optional.of(new SignalingSettings(new SignalingSettings.Listen(InetAddress.ofLiteral("0.0.0.0"), 8443),
                        new TokenKeySource.File(Path.of("/etc/xsfu/token.key")),
                        Optional.of(new SignalingSettings.Tls(Path.of("/etc/xsfu/cert.pem"), Path.of("/etc/xsfu/key.pem"))),
                        new SignalingLimits(65536, 50, 20, 10, 30, 0))),
                config.signaling());
        RoomConfig room = config.rooms().getFirst();
        assertEquals("demo", room.id());
        assertEquals(new ParticipantConfig("alice", 40000, new RemoteConfig.Comedia(), true, false, Optional.empty(),
                        List.of(new ProducerConfig("cam", MediaKind.VIDEO, Codec.VP8, 96, 90000, 0, 1111, Optional.of(new RtxConfig(97, 1112))),
                                new ProducerConfig("mic", MediaKind.AUDIO, Codec.OPUS, 111, 48000, 2, 2222, Optional.empty())),
                        new RtcpFeedbackConfig(true, true, true, false, false), false,
                        List.of(new HeaderExtensionConfig(1, HeaderExtension.MID), new HeaderExtensionConfig(2, HeaderExtension.ABS_SEND_TIME))),
                room.participants().get(0));
        assertEquals(new ParticipantConfig("bob", 40001, new RemoteConfig.Fixed(new InetSocketAddress(InetAddress.ofLiteral("10.0.0.2"), 5004)),
                        false, true, Optional.of(List.of("alice")), List.of(), RtcpFeedbackConfig.DEFAULTS, true,
                        List.of(new HeaderExtensionConfig(3, HeaderExtension.SSRC_AUDIO_LEVEL))),
                room.participants().get(1));
        assertEquals(new ParticipantConfig("carol", 40002, new RemoteConfig.Fixed(new InetSocketAddress(InetAddress.ofLiteral("fd00::3"), 5006)),
                        true, true, Optional.empty(), List.of(ProducerConfig.video("cam", Codec.VP8, 96, 3333)), RtcpFeedbackConfig.DEFAULTS, false,
                        List.of()),
                room.participants().get(2));
    }

    @Test
    void fillsDefaultsForEverythingOptional() {
        XsfuConfig config = ConfigLoader.parse("""
                {"media": {"interface": "eth0", "addresses": ["10.0.0.1"], "portMin": 40000, "portMax": 40010},
                 "rooms": [{"id": "r", "participants": [{"id": "p", "port": 40000, "remote": {"comedia": true},
                   "producers": [{"id": "v", "kind": "video", "codec": "VP8", "payloadType": 96, "ssrc": 1},
                                 {"id": "a", "kind": "audio", "codec": "opus", "payloadType": 111, "ssrc": 2, "rtx": {"payloadType": 112, "ssrc": 3}}]}]}]}
                """, "defaults");
        assertEquals(Backend.AFXDP, config.backend());
        assertEquals(new AfXdpConfig(AfXdpConfig.XdpMode.AUTO, AfXdpConfig.BindMode.AUTO, 4096, 8192, 2048, true), config.afxdp());
        assertEquals(new SocketConfig(64, 4194304, 4194304), config.socket());
        assertEquals(new AgentConfig(new IdleStrategyConfig.Backoff(1000), 64), config.agent());
        assertEquals(Path.of("/dev/shm/xsfu"), config.counters().directory());
        assertEquals(Optional.empty(), config.signaling(), "no signaling section, no endpoint");
        ParticipantConfig p = config.rooms().getFirst().participants().getFirst();
        assertTrue(p.send());
        assertTrue(p.receive());
        assertEquals(Optional.empty(), p.subscribe());
        assertEquals(RtcpFeedbackConfig.DEFAULTS, p.rtcp());
        assertEquals(new RtcpFeedbackConfig(true, true, false, false, false), p.rtcp(), "NACK and PLI unless told otherwise");
        assertFalse(p.rtx());
        assertEquals(List.of(), p.headerExtensions());
        assertEquals(new ProducerConfig("v", MediaKind.VIDEO, Codec.VP8, 96, 90000, 0, 1, Optional.empty()), p.producers().get(0),
                "video: the codec's clock rate, no channels");
        assertEquals(new ProducerConfig("a", MediaKind.AUDIO, Codec.OPUS, 111, 48000, 2, 2, Optional.of(new RtxConfig(112, 3))),
                p.producers().get(1), "opus: 48000 Hz, 2 channels");
        assertEquals(List.of(), ConfigLoader.parse("{\"media\": {\"interface\": \"eth0\", \"addresses\": [\"10.0.0.1\"], \"portMin\": 1, \"portMax\": 2}}",
                "no rooms").rooms(), "rooms default to none");
    }

    @Test
    void signalingFillsDefaultsAroundTheKey() {
        String key = "0123456789abcdef0123456789abcdef";
        XsfuConfig config = ConfigLoader.parse(JsonEdit.set(TestConfigs.FULL, "$.signaling", "{\"tokenKey\": \"" + key + "\"}"), "defaults");
        SignalingSettings signaling = config.signaling().orElseThrow();
        assertEquals(SignalingSettings.of(TokenKeySource.inline(key)), signaling);
        assertEquals(new SignalingSettings.Listen(InetAddress.ofLiteral("0.0.0.0"), 8080), signaling.listen());
        assertEquals("0.0.0.0", signaling.listen().addressLiteral());
        assertEquals(Optional.empty(), signaling.tls());
        assertEquals(new SignalingLimits(262144, 20, 100, 100, 15, 5), signaling.limits());
        assertEquals(SignalingLimits.DEFAULTS, ConfigLoader.parse(JsonEdit.set(TestConfigs.FULL, "$.signaling.limits", "{}"), "empty limits")
                .signaling().orElseThrow().limits());
    }

    @Test
    void listenAddressesAreReadAsTheirCanonicalLiteral() {
        XsfuConfig config = ConfigLoader.parse(JsonEdit.set(TestConfigs.FULL, "$.signaling.listen.address", "\"FD00:0:0::0:9\""), "v6");
        assertEquals("fd00::9", config.signaling().orElseThrow().listen().addressLiteral());
        XsfuConfig mapped = ConfigLoader.parse(JsonEdit.set(TestConfigs.FULL, "$.signaling.listen.address", "\"::ffff:127.0.0.1\""), "mapped");
        assertEquals("127.0.0.1", mapped.signaling().orElseThrow().listen().addressLiteral(), "an IPv4-mapped literal means the IPv4 address");
    }

    @Test
    void anInlineKeyNeverAppearsInTextAboutTheConfig() {
        String key = "s3cret-s3cret-s3cret-s3cret-s3cret";
        String json = JsonEdit.set(JsonEdit.remove(TestConfigs.FULL, "$.signaling.tokenKeyFile"), "$.signaling.tokenKey", "\"" + key + "\"");
        XsfuConfig config = ConfigLoader.parse(json, "inline");
        assertEquals(new TokenKeySource.Inline(key), config.signaling().orElseThrow().tokenKey());
        assertFalse(config.toString().contains(key), config::toString);
        assertTrue(config.toString().contains("Inline[key=(34 bytes, not shown)]"), config::toString);
        // Nor in errors about it: a key in a broken config is still a key.
        String bad = JsonEdit.set(json, "$.signaling.tokenKeyFile", "5");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(bad, "both"));
        assertFalse(e.getMessage().contains(key), e::getMessage);
        String misplaced = JsonEdit.set(TestConfigs.FULL, "$.signaling.tokenKeyFile", "\"" + key + "\"");
        ConfigException inFileField = assertThrows(ConfigException.class, () -> ConfigLoader.parse(misplaced, "key as file"));
        assertFalse(inFileField.getMessage().contains(key), inFileField::getMessage);
    }

    @Test
    void anUnreadableListenAddressIsNotComparedWithTheMediaRange() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.signaling.listen.address", "\"signaling.example.com\""),
                "$.signaling.listen.port", "40500");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of("$.signaling.listen.address"), e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void anUnreadableMediaRangeIsNotComparedWithTheListenPort() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.media.portMax", "\"40999\""), "$.signaling.listen.port", "40500");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of("$.media.portMax"), e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void bothKeysStillCheckTheKeyFile() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.signaling.tokenKey", "\"short\""), "$.signaling.tokenKeyFile", "\"token.key\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of(new ConfigError("$.signaling.tokenKey", "give the token key either in a file (tokenKeyFile) or inline (tokenKey), not both"),
                new ConfigError("$.signaling.tokenKeyFile", "must be an absolute path, got 'token.key'")), e.errors());
    }

    @Test
    void idleStrategyNamesTakeTheirDefaults() {
        assertEquals(new IdleStrategyConfig.BusySpin(), idle("\"busy-spin\""));
        assertEquals(new IdleStrategyConfig.Yield(), idle("\"yield\""));
        assertEquals(new IdleStrategyConfig.Backoff(1000), idle("\"backoff\""));
        assertEquals(new IdleStrategyConfig.Sleep(1000), idle("\"sleep\""));
        assertEquals(new IdleStrategyConfig.Sleep(250), idle("{\"type\": \"sleep\", \"sleepMicros\": 250}"));
        assertEquals(new IdleStrategyConfig.Backoff(50), idle("{\"type\": \"backoff\", \"maxParkMicros\": 50}"));
        assertEquals(new IdleStrategyConfig.BusySpin(), idle("{\"type\": \"busy-spin\"}"));
    }

    private static IdleStrategyConfig idle(String rawJson) {
        return ConfigLoader.parse(JsonEdit.set(TestConfigs.FULL, "$.agent.idleStrategy", rawJson), "idle").agent().idleStrategy();
    }

    @Test
    void loadsTheShippedExamples() {
        XsfuConfig minimal = ConfigLoader.load(Path.of("examples/minimal.json"));
        assertEquals("eth0", minimal.media().interfaceName());
        assertEquals(2, minimal.rooms().getFirst().participants().size());

        XsfuConfig twoRooms = ConfigLoader.load(Path.of("examples/two-rooms.json"));
        assertEquals(List.of("standup", "town-hall"), twoRooms.rooms().stream().map(RoomConfig::id).toList());
        assertEquals(AfXdpConfig.XdpMode.NATIVE, twoRooms.afxdp().xdpMode());
        assertEquals(new IdleStrategyConfig.Backoff(200), twoRooms.agent().idleStrategy());
        assertEquals(Optional.empty(), minimal.signaling());
        SignalingSettings signaling = twoRooms.signaling().orElseThrow();
        assertEquals(TokenKeySource.file("/etc/xsfu/token.key"), signaling.tokenKey());
        assertEquals(Optional.of(new SignalingSettings.Tls(Path.of("/etc/xsfu/tls/cert.pem"), Path.of("/etc/xsfu/tls/key.pem"))), signaling.tls());
        assertEquals(8443, signaling.listen().port());
        RoomConfig townHall = twoRooms.rooms().get(1);
        ParticipantConfig viewer = townHall.participant("viewer-1").orElseThrow();
        assertEquals(List.of("speaker", "interpreter"), townHall.sendersTo(viewer).stream().map(ParticipantConfig::id).toList());
        assertEquals(List.of("speaker/cam", "speaker/slides", "speaker/mic", "interpreter/mic"), consumed(townHall, "viewer-1"));
        assertEquals(List.of("speaker/cam", "speaker/slides", "interpreter/mic"), consumed(townHall, "viewer-2"));
        assertEquals(List.of("speaker/mic"), consumed(townHall, "interpreter"));
        ParticipantConfig speaker = townHall.participant("speaker").orElseThrow();
        ProducerConfig slides = speaker.producer("slides").orElseThrow();
        assertEquals(Optional.of(new RtxConfig(103, 4004)), viewer.rtxFor(slides), "viewer-1 takes RTX");
        assertEquals(Optional.empty(), townHall.participant("viewer-2").orElseThrow().rtxFor(slides), "viewer-2 gets plain retransmissions");
        assertEquals(List.of("viewer-1", "viewer-2"), townHall.consumersOf(speaker, slides).stream().map(ParticipantConfig::id).toList());
    }

    private static List<String> consumed(RoomConfig room, String receiver) {
        return room.consumedProducers(room.participant(receiver).orElseThrow()).stream().map(c -> c.subscription().toString()).toList();
    }

    @Test
    void codecNamesAreReadInAnyCase() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[0].producers[0].codec", "\"vp8\""),
                "$.rooms[0].participants[0].producers[1].codec", "\"OpUs\"");
        List<ProducerConfig> producers = ConfigLoader.parse(json, "case").rooms().getFirst().participants().getFirst().producers();
        assertEquals(List.of(Codec.VP8, Codec.OPUS), producers.stream().map(ProducerConfig::codec).toList());
        assertEquals(Optional.of(Codec.H264), Codec.byName("h264"));
        assertEquals(Optional.empty(), Codec.byName("H.264"));
        assertEquals("opus/48000/2", Codec.OPUS.rtpmap());
        assertEquals("VP9/90000", Codec.VP9.rtpmap());
    }

    @Test
    void ssrcsUseAllThirtyTwoBits() {
        String json = JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[0].producers[1].ssrc", "4294967295");
        assertEquals(4294967295L, ConfigLoader.parse(json, "ssrc").rooms().getFirst().participants().getFirst().producers().get(1).ssrc());
    }

    @Test
    void anUnreadableCodecDoesNotCauseFollowUpErrors() {
        // The placeholder codec would disagree with the mic's kind, clock rate and channels: none of that is reported.
        String json = JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[0].producers[1].codec", "\"AAC\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of("$.rooms[0].participants[0].producers[1].codec"), e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void anUnreadableProducerIdIsNotReportedMissingFromSubscriptions() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[1].subscribe", "[\"alice/cam\", \"alice/screen\"]"),
                "$.rooms[0].participants[0].producers[0].id", "5");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of(new ConfigError("$.rooms[0].participants[0].producers[0].id", "expected a string, got number 5")), e.errors());
    }

    @Test
    void anUnreadableProducerListIsNotReportedEmpty() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[1].subscribe", "[\"alice/cam\"]"),
                "$.rooms[0].participants[0].producers", "\"cam\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of(new ConfigError("$.rooms[0].participants[0].producers", "expected an array, got string \"cam\"")), e.errors());
    }

    @Test
    void anUnreadablePayloadTypeIsNotComparedWithOthers() {
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL, "$.rooms[0].participants[0].producers[0].payloadType", "\"96\""),
                "$.rooms[0].participants[0].producers[1].payloadType", "97");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        // The mic's 97 clashes with cam's RTX, which is still known; the unreadable 96 is reported once and compared with nothing.
        assertEquals(List.of("$.rooms[0].participants[0].producers[0].payloadType", "$.rooms[0].participants[0].producers[1].payloadType"),
                e.errors().stream().map(ConfigError::path).toList());
        assertEquals("payload type 97 is also used by $.rooms[0].participants[0].producers[0].rtx.payloadType", e.errors().get(1).message());
    }

    @Test
    void readmeJsonExampleLoads() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```json\n") + "```json\n".length();
        String json = readme.substring(start, readme.indexOf("```", start)).replace("\"./xsfu.schema.json\"", "\"x\"");
        RoomConfig room = ConfigLoader.parse(json, "README.md").rooms().getFirst();
        assertEquals(List.of("alice/mic"), room.consumedProducers(room.participant("carol").orElseThrow()).stream()
                .map(c -> c.subscription().toString()).toList());
        assertEquals(List.of(), JsonSchemaCheck.validate(json));
    }

    @Test
    void examplesShipInTheJarNextToTheSchema() throws IOException {
        for (String name : List.of("minimal.json", "two-rooms.json")) {
            try (InputStream in = getClass().getResourceAsStream("/io/xsfu/config/examples/" + name)) {
                assertNotNull(in, name + " is packaged");
                ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
            }
        }
    }

    @Test
    void collectsEveryErrorInOnePass() {
        String json = JsonEdit.set(JsonEdit.set(JsonEdit.set(TestConfigs.FULL,
                "$.media.portMin", "\"low\""),
                "$.backend", "\"dpdk\""),
                "$.rooms[0].participants[2].port", "40000");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "three.json"));
        assertEquals(List.of("$.media.portMin", "$.backend", "$.rooms[0].participants[2].port"),
                e.errors().stream().map(ConfigError::path).toList());
        String[] lines = e.getMessage().split(System.lineSeparator());
        assertEquals("invalid xsfu configuration three.json (3 errors):", lines[0]);
        assertEquals("  $.media.portMin: expected an integer, got string \"low\"", lines[1]);
        assertEquals("  $.backend: invalid value 'dpdk'; allowed: afxdp, socket", lines[2]);
        assertEquals("  $.rooms[0].participants[2].port: port 40000 is also used by $.rooms[0].participants[0].port", lines[3]);
    }

    @Test
    void anUnreadableValueDoesNotCauseFollowUpErrors() {
        // bob's port cannot be read: no "outside the range" or "used twice" about the placeholder;
        // carol's real duplicate of alice's port is still reported.
        String json = JsonEdit.set(JsonEdit.set(TestConfigs.FULL,
                "$.rooms[0].participants[1].port", "\"40001\""),
                "$.rooms[0].participants[2].port", "40000");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "x"));
        assertEquals(List.of("$.rooms[0].participants[1].port", "$.rooms[0].participants[2].port"),
                e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        String json = "{\n  \"media\": {\n    \"interface\": \"eth0\",,\n  }\n}\n";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "broken.json"));
        ConfigError error = e.errors().getFirst();
        assertEquals("$", error.path());
        assertTrue(error.message().startsWith("invalid JSON at line 3, column 25: Unexpected character (','"), error.message());
    }

    @Test
    void unterminatedDocumentIsASyntaxError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("{\"media\": {\n", "cut.json"));
        String message = e.errors().getFirst().message();
        assertTrue(message.startsWith("invalid JSON at line 2, column 1: Unexpected end-of-input"), message);
        assertTrue(!message.contains("Source:"), "no Jackson internals in the message: " + message);
    }

    @Test
    void repeatedKeyIsRejectedNotSilentlyOverridden() {
        String json = "{\"media\": {\"interface\": \"eth0\", \"addresses\": [\"10.0.0.1\"], \"portMin\": 1, \"portMin\": 2, \"portMax\": 3}}";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "dup.json"));
        assertTrue(e.errors().getFirst().message().contains("Duplicate field 'portMin'"), e.getMessage());
        assertTrue(e.errors().getFirst().message().startsWith("invalid JSON at line 1, column "), e.getMessage());
    }

    @Test
    void trailingContentIsRejected() {
        String json = TestConfigs.FULL + "\n{}";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "two.json"));
        assertTrue(e.errors().getFirst().message().contains("Trailing token"), e.getMessage());
    }

    @Test
    void emptyDocumentIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("  \n", "empty.json"));
        assertEquals(List.of(new ConfigError("$", "the document is empty; expected a JSON object")), e.errors());
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file.toString(), e.source());
        assertEquals(List.of(new ConfigError("$", "the file does not exist")), e.errors());
    }

    @Test
    void directoryIsAConfigError(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        assertTrue(e.errors().getFirst().message().startsWith("cannot read the file: "), e.getMessage());
    }

    @Test
    void nonUtf8FileIsAConfigError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xe9, '"', ':', '1', '}'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(List.of(new ConfigError("$", "the file is not UTF-8 text")), e.errors());
    }

    @Test
    void oddFieldNamesAreQuotedInPaths() {
        String json = JsonEdit.set(TestConfigs.FULL, "$.media.portMin", "40000").replace("\"portMax\"", "\"port max\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "odd"));
        assertEquals(List.of("$.media['port max']", "$.media.portMax"), e.errors().stream().map(ConfigError::path).toList());
    }
}
