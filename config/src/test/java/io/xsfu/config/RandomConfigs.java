package io.xsfu.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/** Valid configs of every shape the format allows, built from a seed, for round-trip and agreement properties. */
final class RandomConfigs {
    private static final List<String> V4 = List.of("10.0.0.1", "192.0.2.10", "198.51.100.7", "127.0.0.1");
    private static final List<String> V6 = List.of("fd00::1", "2001:db8::10", "2001:db8:0:1::1", "fe80::1", "::1");
    private static final List<String> REMOTE_V4 = List.of("10.0.0.2", "192.0.2.77", "203.0.113.5");
    private static final List<String> REMOTE_V6 = List.of("fd00::2", "2001:db8:1::99", "2001:db8::");
    private static final List<String> INTERFACES = List.of("eth0", "lo", "ens1f0", "veth-xsfu0", "br-lan.100", "abcdefghijklmno");
    private static final List<String> PRODUCER_IDS = List.of("cam", "mic", "screen", "a.b-c_d");
    private static final List<String> DIRECTORIES = List.of("/dev/shm/xsfu", "/run/xsfu/counters", "/tmp/a dir with spaces");
    private static final List<String> LISTEN = List.of("0.0.0.0", "::", "127.0.0.1", "::1", "10.0.0.1", "fd00::1", "192.0.2.10", "2001:db8::10");
    private static final List<String> FILES = List.of("/etc/xsfu/token.key", "/run/secrets/xsfu key", "/etc/xsfu/tls/cert.pem", "/k");
    /** Key characters of one to four bytes in UTF-8, and ones JSON must escape. */
    private static final List<String> KEY_CHARACTERS = List.of("a", "Z", "0", "+", "/", "=", " ", "\"", "\\", "\t", "é", "鍵", "🔑");

    private RandomConfigs() {
    }

    static XsfuConfig next(Random random) {
        List<InetAddress> addresses = new ArrayList<>();
        boolean v4 = random.nextInt(3) != 0;
        boolean v6 = !v4 || random.nextBoolean();
        if (v4) {
            addresses.addAll(pick(random, V4, 1 + random.nextInt(2)).stream().map(InetAddress::ofLiteral).toList());
        }
        if (v6) {
            addresses.addAll(pick(random, V6, 1 + random.nextInt(2)).stream().map(InetAddress::ofLiteral).toList());
        }
        int portMin = 1 + random.nextInt(60000);
        int portMax = portMin + 20 + random.nextInt(2000);
        MediaConfig media = new MediaConfig(one(random, INTERFACES), addresses, portMin, portMax);

        int ringExponent = 6 + random.nextInt(10);
        int framesExponent = ringExponent + 1 + random.nextInt(18 - ringExponent);
        AfXdpConfig afxdp = new AfXdpConfig(
                one(random, List.of(AfXdpConfig.XdpMode.values())),
                one(random, List.of(AfXdpConfig.BindMode.values())),
                one(random, AfXdpConfig.FRAME_SIZES),
                1 << framesExponent, 1 << ringExponent, random.nextBoolean());
        SocketConfig socket = new SocketConfig(between(random, 1, 1024), between(random, 4096, 1 << 30), between(random, 4096, 1 << 30));
        IdleStrategyConfig idle = switch (random.nextInt(4)) {
            case 0 -> IdleStrategyConfig.busySpin();
            case 1 -> IdleStrategyConfig.yielding();
            case 2 -> IdleStrategyConfig.backoff(between(random, 1, 1_000_000));
            default -> IdleStrategyConfig.sleep(between(random, 1, 1_000_000));
        };
        AgentConfig agent = new AgentConfig(idle, between(random, 1, 1024));

        List<RoomConfig> rooms = new ArrayList<>();
        int nextPort = portMin;
        int roomCount = random.nextInt(4);
        for (int r = 0; r < roomCount; r++) {
            RoomMedia roomMedia = new RoomMedia(random);
            List<ParticipantConfig> participants = new ArrayList<>();
            int count = random.nextInt(6);
            for (int p = 0; p < count; p++) {
                boolean send = random.nextInt(4) != 0;
                boolean receive = !send || random.nextInt(4) != 0;
                RtcpFeedbackConfig rtcp = new RtcpFeedbackConfig(random.nextInt(4) != 0, random.nextBoolean(), random.nextBoolean(),
                        random.nextInt(4) == 0, random.nextInt(4) == 0);
                boolean rtx = receive && rtcp.nack() && random.nextBoolean();
                participants.add(new ParticipantConfig("p" + p + (random.nextBoolean() ? "" : "-x.y_z"), nextPort++, remote(random, v4, v6),
                        send, receive, Optional.empty(), send ? roomMedia.producers(random) : List.of(), rtcp, rtx, headerExtensions(random, rtcp),
                        srtp(random)));
            }
            rooms.add(new RoomConfig("room-" + r, subscriptions(random, participants)));
        }
        return new XsfuConfig(media, one(random, List.of(Backend.values())), afxdp, socket, agent,
                CountersConfig.of(one(random, DIRECTORIES)), signaling(random, media), rooms);
    }

    /** SRTP on one participant in three, keys of the suite's length (two random keys are never equal). */
    private static Optional<SrtpConfig> srtp(Random random) {
        if (random.nextInt(3) != 0) {
            return Optional.empty();
        }
        SrtpCryptoSuite suite = one(random, List.of(SrtpCryptoSuite.values()));
        byte[] receive = new byte[suite.keyLength()];
        byte[] send = new byte[suite.keyLength()];
        random.nextBytes(receive);
        random.nextBytes(send);
        return Optional.of(SrtpConfig.of(suite, receive, send));
    }

    private static Optional<SignalingSettings> signaling(Random random, MediaConfig media) {
        if (random.nextInt(3) == 0) {
            return Optional.empty();
        }
        InetAddress address = InetAddress.ofLiteral(one(random, LISTEN));
        boolean meetsMedia = address.isAnyLocalAddress() || media.addresses().contains(address);
        int port = between(random, 1, 65535);
        if (meetsMedia && media.containsPort(port)) {
            port = media.portMin() > 1 && random.nextBoolean() ? between(random, 1, media.portMin() - 1) : between(random, media.portMax() + 1, 65535);
        }
        TokenKeySource key = random.nextBoolean() ? TokenKeySource.file(one(random, FILES)) : TokenKeySource.inline(key(random));
        SignalingLimits limits = new SignalingLimits(between(random, 1024, 1 << 20), between(random, 1, 10_000), between(random, 1, 10_000),
                between(random, 1, 100_000), between(random, 0, 3600), between(random, 0, 3600));
        SignalingSettings signaling = new SignalingSettings(new SignalingSettings.Listen(address, port), key, Optional.empty(), limits);
        return Optional.of(random.nextBoolean() ? signaling : signaling.withTls(Path.of(one(random, FILES)), Path.of(one(random, FILES))));
    }

    /** At least 32 bytes in UTF-8, sometimes exactly. */
    private static String key(Random random) {
        StringBuilder key = new StringBuilder();
        int target = TokenKeySource.MIN_KEY_BYTES + (random.nextBoolean() ? 0 : random.nextInt(40));
        while (key.toString().getBytes(StandardCharsets.UTF_8).length < target) {
            key.append(one(random, KEY_CHARACTERS));
        }
        return key.toString();
    }

    /** The room's payload types: one media and one RTX payload type per codec, the same for every producer of the room. */
    private static final class RoomMedia {
        final Map<Codec, Integer> payloadTypes = new EnumMap<>(Codec.class);
        final Map<Codec, Integer> rtxPayloadTypes = new EnumMap<>(Codec.class);
        final Set<Long> ssrcs = new HashSet<>();

        RoomMedia(Random random) {
            List<Integer> free = new ArrayList<>();
            for (int pt = ProducerConfig.MIN_PAYLOAD_TYPE; pt <= ProducerConfig.MAX_PAYLOAD_TYPE; pt++) {
                free.add(pt);
            }
            Collections.shuffle(free, random);
            for (Codec codec : Codec.values()) {
                payloadTypes.put(codec, free.removeFirst());
                rtxPayloadTypes.put(codec, free.removeFirst());
            }
        }

        /** One to four producers, each of another codec (a payload type is used once per participant). */
        List<ProducerConfig> producers(Random random) {
            List<ProducerConfig> producers = new ArrayList<>();
            List<Codec> codecs = pick(random, List.of(Codec.values()), 1 + random.nextInt(Codec.values().length));
            for (int i = 0; i < codecs.size(); i++) {
                Codec codec = codecs.get(i);
                ProducerConfig producer = ProducerConfig.of(one(random, PRODUCER_IDS) + i, codec, payloadTypes.get(codec), ssrc(random));
                producers.add(random.nextBoolean() ? producer : producer.withRtx(rtxPayloadTypes.get(codec), ssrc(random)));
            }
            return producers;
        }

        private long ssrc(Random random) {
            while (true) {
                long ssrc = random.nextInt(8) == 0 ? ProducerConfig.MAX_SSRC - random.nextInt(3) : 1 + (random.nextLong() & 0xFFFF_FFFEL);
                if (ssrcs.add(ssrc)) {
                    return ssrc;
                }
            }
        }
    }

    private static List<HeaderExtensionConfig> headerExtensions(Random random, RtcpFeedbackConfig rtcp) {
        List<HeaderExtension> extensions = new ArrayList<>(pick(random, List.of(HeaderExtension.values()), random.nextInt(4)));
        if (rtcp.transportCc() && !extensions.contains(HeaderExtension.TRANSPORT_WIDE_CC)) {
            extensions.add(HeaderExtension.TRANSPORT_WIDE_CC);
        }
        if (rtcp.remb() && !extensions.contains(HeaderExtension.ABS_SEND_TIME)) {
            extensions.add(HeaderExtension.ABS_SEND_TIME);
        }
        List<Integer> ids = pick(random, IntStream.rangeClosed(1, random.nextBoolean() ? 14 : 255).boxed().toList(),
                extensions.size());
        List<HeaderExtensionConfig> result = new ArrayList<>();
        for (int i = 0; i < extensions.size(); i++) {
            result.add(HeaderExtensionConfig.of(ids.get(i), extensions.get(i)));
        }
        return result;
    }

    /** Subscriptions to whole senders and to single producers, never both for one sender. */
    private static List<ParticipantConfig> subscriptions(Random random, List<ParticipantConfig> participants) {
        List<ParticipantConfig> result = new ArrayList<>();
        for (ParticipantConfig participant : participants) {
            List<ParticipantConfig> senders = participants.stream().filter(s -> s.send() && s != participant).toList();
            if (participant.receive() && !senders.isEmpty() && random.nextBoolean()) {
                List<String> entries = new ArrayList<>();
                for (ParticipantConfig sender : pick(random, senders, 1 + random.nextInt(senders.size()))) {
                    if (random.nextBoolean()) {
                        entries.add(sender.id());
                    } else {
                        pick(random, sender.producers(), 1 + random.nextInt(sender.producers().size()))
                                .forEach(producer -> entries.add(Subscription.of(sender.id(), producer.id()).toString()));
                    }
                }
                Collections.shuffle(entries, random);
                result.add(participant.withSubscribe(entries));
            } else {
                result.add(participant);
            }
        }
        return result;
    }

    private static RemoteConfig remote(Random random, boolean v4, boolean v6) {
        if (random.nextInt(3) == 0) {
            return RemoteConfig.comedia();
        }
        boolean useV4 = v4 && (!v6 || random.nextBoolean());
        InetAddress address = InetAddress.ofLiteral(one(random, useV4 ? REMOTE_V4 : REMOTE_V6));
        assert useV4 == address instanceof Inet4Address;
        return RemoteConfig.fixed(address, between(random, 1, 65535));
    }

    private static <T> T one(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> List<T> pick(Random random, List<T> values, int count) {
        List<T> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, count));
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}
