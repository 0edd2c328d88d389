package io.xsfu.config;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs built in code get the same checks, with the same paths, as files. */
class ConfigValidatorTest {
    private static final XsfuConfig VALID = XsfuConfig.of(
            MediaConfig.of("veth0", 40000, 40009, "10.0.0.1", "fd00::1"),
            RoomConfig.of("demo",
                    ParticipantConfig.of("alice", 40000, RemoteConfig.comedia()).withReceive(false)
                            .withProducers(ProducerConfig.video("cam", Codec.VP8, 96, 1111).withRtx(97, 1112)),
                    ParticipantConfig.of("bob", 40001, RemoteConfig.fixed("10.0.0.2", 5004)).withSend(false).withSubscribe("alice")));

    @Test
    void validBuiltConfigHasNoErrors() {
        assertEquals(List.of(), VALID.validate());
        assertSame(VALID, VALID.requireValid());
    }

    @Test
    void builtConfigErrorsUseTheFilePathsInDocumentOrder() {
        XsfuConfig config = VALID
                .withMedia(VALID.media().withPorts(40005, 40009))
                .withAfxdp(AfXdpConfig.DEFAULTS.withRingSize(100))
                .withRoom(RoomConfig.of("demo"));
        assertEquals(List.of(
                new ConfigError("$.afxdp.ringSize", "must be a power of two between 64 and 32768, got 100"),
                new ConfigError("$.rooms[0].participants[0].port", "port 40000 is outside the media port range 40005..40009"),
                new ConfigError("$.rooms[0].participants[1].port", "port 40001 is outside the media port range 40005..40009"),
                new ConfigError("$.rooms[1].id", "duplicate room id 'demo' (also at $.rooms[0].id)")),
                config.validate());
    }

    @Test
    void requireValidThrowsWithEveryError() {
        XsfuConfig config = VALID.withSocket(SocketConfig.DEFAULTS.withBatchSize(0)).withAgent(AgentConfig.DEFAULTS.withBatchSize(0));
        ConfigException e = assertThrows(ConfigException.class, config::requireValid);
        assertEquals("(built in code)", e.source());
        assertEquals(List.of("$.socket.batchSize", "$.agent.batchSize"), e.errors().stream().map(ConfigError::path).toList());
    }

    @Test
    void scopedIpv6AddressesAreRejected() throws Exception {
        InetAddress linkLocal = Inet6Address.getByAddress(null, InetAddress.ofLiteral("fe80::1").getAddress(), 1);
        XsfuConfig config = VALID.withMedia(VALID.media().withAddresses(List.of(InetAddress.ofLiteral("10.0.0.1"), linkLocal)));
        assertEquals(List.of(new ConfigError("$.media.addresses[1]",
                "fe80::1 has a zone id, which is not supported; media addresses are unicast addresses of the interface")), config.validate());
    }

    @Test
    void idleStrategyParametersAreChecked() {
        assertEquals(List.of(new ConfigError("$.agent.idleStrategy.sleepMicros", "must be between 1 and 1000000, got 0")),
                VALID.withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.sleep(0))).validate());
        assertEquals(List.of(new ConfigError("$.agent.idleStrategy.maxParkMicros", "must be between 1 and 1000000, got -5")),
                VALID.withAgent(AgentConfig.DEFAULTS.withIdleStrategy(IdleStrategyConfig.backoff(-5))).validate());
    }

    @Test
    void signalingBuiltInCodeIsCheckedInDocumentOrder() {
        XsfuConfig config = VALID
                .withSignaling(SignalingSettings.of(TokenKeySource.inline("short"))
                        .withListen("10.0.0.1", 40005)
                        .withTls(Path.of("cert.pem"), Path.of("/etc/xsfu/key.pem"))
                        .withLimits(SignalingLimits.DEFAULTS.withMaxRooms(0).withStatsIntervalSeconds(3601).withMaxMessageBytes(1 << 21)))
                .withRoom(RoomConfig.of("demo"));
        assertEquals(List.of(
                new ConfigError("$.signaling.listen.port", "port 40005 is inside the media port range 40000..40009, which the SFU owns on 10.0.0.1:"
                        + " give signaling a port outside it"),
                new ConfigError("$.signaling.tokenKey", "must be at least 32 bytes, got 5: an HS256 key shorter than its hash is easier to guess"
                        + " (RFC 7518 3.2); make one with 'openssl rand -base64 32'"),
                new ConfigError("$.signaling.tls.certificate", "must be an absolute path, got 'cert.pem'"),
                new ConfigError("$.signaling.limits.maxMessageBytes", "must be between 1024 and 1048576, got 2097152"),
                new ConfigError("$.signaling.limits.maxRooms", "must be between 1 and 100000, got 0"),
                new ConfigError("$.signaling.limits.statsIntervalSeconds", "must be between 0 and 3600, got 3601"),
                new ConfigError("$.rooms[1].id", "duplicate room id 'demo' (also at $.rooms[0].id)")),
                config.validate());
    }

    @Test
    void signalingWithinLimitsIsValid() {
        SignalingSettings signaling = SignalingSettings.of(TokenKeySource.file("/etc/xsfu/token.key")).withListen("::", 8443)
                .withLimits(new SignalingLimits(1024, 10_000, 1, 100_000, 0, 3600));
        assertEquals(List.of(), VALID.withSignaling(signaling).validate());
        assertEquals(List.of(), VALID.withSignaling(signaling.withListen("127.0.0.1", 40000)).validate(), "loopback is no media address");
        assertEquals(List.of(), VALID.withSignaling(signaling.withTokenKey(TokenKeySource.inline("é".repeat(16)))).validate(), "32 bytes");
    }

    @Test
    void scopedListenAddressesAreRejected() throws Exception {
        InetAddress linkLocal = Inet6Address.getByAddress(null, InetAddress.ofLiteral("fe80::1").getAddress(), 1);
        XsfuConfig config = VALID.withSignaling(SignalingSettings.of(TokenKeySource.file("/k"))
                .withListen(new SignalingSettings.Listen(linkLocal, 40001)));
        assertEquals(List.of(new ConfigError("$.signaling.listen.address", "fe80::1 has a zone id, which is not supported;"
                + " listen on an address of this host, or on 0.0.0.0 (every IPv4 address) or :: (every address)")), config.validate());
    }

    @Test
    void signalingRecordsRejectNulls() {
        SignalingSettings settings = SignalingSettings.of(TokenKeySource.file("/k"));
        assertEquals("listen", assertThrows(NullPointerException.class, () -> settings.withListen(null)).getMessage());
        assertEquals("tokenKey", assertThrows(NullPointerException.class, () -> settings.withTokenKey(null)).getMessage());
        assertEquals("limits", assertThrows(NullPointerException.class, () -> settings.withLimits(null)).getMessage());
        assertEquals("privateKey", assertThrows(NullPointerException.class, () -> settings.withTls(Path.of("/c"), null)).getMessage());
        assertEquals("key", assertThrows(NullPointerException.class, () -> TokenKeySource.inline(null)).getMessage());
        assertEquals("signaling", assertThrows(NullPointerException.class, () -> new XsfuConfig(VALID.media(), VALID.backend(), VALID.afxdp(),
                VALID.socket(), VALID.agent(), VALID.counters(), null, VALID.rooms())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings.withListen("localhost", 8080));
        assertEquals(Optional.empty(), VALID.signaling());
        assertEquals(Optional.of(settings), VALID.withSignaling(settings).signaling());
        assertEquals(VALID, VALID.withSignaling(settings).withoutSignaling());
    }

    private static XsfuConfig withAlice(ParticipantConfig alice) {
        RoomConfig room = VALID.rooms().getFirst();
        return VALID.withRooms(List.of(room.withParticipants(List.of(alice, room.participants().get(1)))));
    }

    private static ParticipantConfig alice() {
        return VALID.rooms().getFirst().participants().getFirst();
    }

    @Test
    void producersBuiltInCodeAreCheckedAgainstTheirCodec() {
        String cam = "$.rooms[0].participants[0].producers[0]";
        assertEquals(List.of(new ConfigError(cam + ".kind", "kind is video but opus is audio (kind must match the codec)")),
                withAlice(alice().withProducers(ProducerConfig.video("cam", Codec.OPUS, 111, 5))).validate());
        assertEquals(List.of(new ConfigError(cam + ".channels", "VP8 is a video codec, which has no channels")),
                withAlice(alice().withProducers(ProducerConfig.video("cam", Codec.VP8, 96, 5).withChannels(1))).validate());
        assertEquals(List.of(new ConfigError(cam + ".clockRate",
                        "must be 48000 for opus (its RTP payload format fixes the clock rate), got 44100")),
                withAlice(alice().withProducers(ProducerConfig.audio("mic", Codec.OPUS, 111, 5).withClockRate(44100))).validate());
        assertEquals(List.of(new ConfigError(cam + ".ssrc", "must be between 1 and 4294967295, got 4294967296"),
                        new ConfigError(cam + ".rtx.ssrc", "must be between 1 and 4294967295, got -1")),
                withAlice(alice().withProducers(ProducerConfig.of("cam", Codec.H264, 102, 1L << 32).withRtx(103, -1))).validate());
    }

    @Test
    void sendingNeedsProducersAndProducersNeedSending() {
        assertEquals(List.of(new ConfigError("$.rooms[0].participants[0].producers",
                        "participant 'alice' sends (send is true) but has no producers: list the streams it sends, or set send to false")),
                withAlice(alice().withProducers()).validate());
        assertEquals(List.of(new ConfigError("$.rooms[0].participants[0].producers",
                        "participant 'alice' has producers but send is false: remove them, or set send to true"),
                        new ConfigError("$.rooms[0].participants[1].subscribe[0]",
                                "participant 'alice' does not send (send is false), so there is nothing to receive")),
                withAlice(alice().withSend(false).withReceive(true)).validate());
    }

    @Test
    void feedbackAndRtxBuiltInCodeAreChecked() {
        ParticipantConfig bob = VALID.rooms().getFirst().participants().get(1);
        XsfuConfig noNack = VALID.withRooms(List.of(VALID.rooms().getFirst().withParticipants(List.of(alice(),
                bob.withRtx(true).withRtcp(RtcpFeedbackConfig.NONE.withTransportCc(true))))));
        assertEquals(List.of(
                new ConfigError("$.rooms[0].participants[1].headerExtensions", "rtcp.transportCc is true, which needs the header extension "
                        + "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01: it numbers the packets the feedback reports on"),
                new ConfigError("$.rooms[0].participants[1].rtx",
                        "rtx is true but rtcp.nack is false: the SFU retransmits only what participant 'bob' asks for by NACK")),
                noNack.validate());
        assertEquals(List.of(new ConfigError("$.rooms[0].participants[0].headerExtensions[1].id",
                        "must be between 1 and 255 (1..14 in the one-byte header form, up to 255 in the two-byte form), got 256")),
                withAlice(alice().withHeaderExtension(255, HeaderExtension.MID).withHeaderExtension(256, HeaderExtension.TOFFSET)).validate());
    }

    @Test
    void fixedRemoteNeedsAnIpAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RemoteConfig.Fixed(InetSocketAddress.createUnresolved("example.com", 5004)));
        assertEquals("a fixed remote needs an IP address, not the host name example.com", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RemoteConfig.fixed("example.com", 5004));
        assertThrows(IllegalArgumentException.class, () -> MediaConfig.of("eth0", 1, 2, "10.0.0"));
    }

    @Test
    void recordsRejectNullsAndCopyTheirLists() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> VALID.withBackend(null));
        assertEquals("backend", e.getMessage());
        List<RoomConfig> rooms = new ArrayList<>(VALID.rooms());
        XsfuConfig config = VALID.withRooms(rooms);
        rooms.clear();
        assertEquals(1, config.rooms().size(), "the config keeps its own copy");
        assertThrows(UnsupportedOperationException.class, () -> config.rooms().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.media().addresses().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> config.rooms().getFirst().participants().get(1).subscribe().orElseThrow().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.rooms().getFirst().participants().getFirst().producers().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.rooms().getFirst().participants().getFirst().headerExtensions().clear());
        assertEquals("codec", assertThrows(NullPointerException.class, () -> ProducerConfig.of("cam", null, 96, 1)).getMessage());
        assertEquals("rtcp", assertThrows(NullPointerException.class, () -> alice().withRtcp(null)).getMessage());
    }
}
