package io.xsfu.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Valid configs of every shape the format allows, built from a seed, for round-trip and agreement properties. */
final class RandomConfigs {
    private static final List<String> V4 = List.of("10.0.0.1", "192.0.2.10", "198.51.100.7", "127.0.0.1");
    private static final List<String> V6 = List.of("fd00::1", "2001:db8::10", "2001:db8:0:1::1", "fe80::1", "::1");
    private static final List<String> REMOTE_V4 = List.of("10.0.0.2", "192.0.2.77", "203.0.113.5");
    private static final List<String> REMOTE_V6 = List.of("fd00::2", "2001:db8:1::99", "2001:db8::");
    private static final List<String> INTERFACES = List.of("eth0", "lo", "ens1f0", "veth-xsfu0", "br-lan.100", "abcdefghijklmno");
    private static final List<String> DIRECTORIES = List.of("/dev/shm/xsfu", "/run/xsfu/counters", "/tmp/a dir with spaces");

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
            List<ParticipantConfig> participants = new ArrayList<>();
            int count = random.nextInt(6);
            for (int p = 0; p < count; p++) {
                boolean send = random.nextInt(4) != 0;
                boolean receive = !send || random.nextInt(4) != 0;
                participants.add(new ParticipantConfig("p" + p + (random.nextBoolean() ? "" : "-x.y_z"), nextPort++, remote(random, v4, v6),
                        send, receive, Optional.empty()));
            }
            rooms.add(new RoomConfig("room-" + r, subscriptions(random, participants)));
        }
        return new XsfuConfig(media, one(random, List.of(Backend.values())), afxdp, socket, agent,
                CountersConfig.of(one(random, DIRECTORIES)), rooms);
    }

    private static List<ParticipantConfig> subscriptions(Random random, List<ParticipantConfig> participants) {
        List<ParticipantConfig> result = new ArrayList<>();
        for (ParticipantConfig participant : participants) {
            List<String> senders = participants.stream().filter(s -> s.send() && s != participant).map(ParticipantConfig::id).toList();
            if (participant.receive() && !senders.isEmpty() && random.nextBoolean()) {
                result.add(participant.withSubscribe(pick(random, senders, 1 + random.nextInt(senders.size()))));
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
        java.util.Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, count));
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}
