package io.xsfu.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the JSONPath-like locations that {@link ConfigError}s carry. The loader, the validator and
 * the server's start-up checks all use these, so an error about the same field always names the
 * same path, whoever found it.
 */
public final class ConfigPaths {
    public static final String ROOT = "$";
    public static final String MEDIA = "$.media";
    public static final String MEDIA_INTERFACE = "$.media.interface";
    public static final String MEDIA_ADDRESSES = "$.media.addresses";
    public static final String MEDIA_PORT_MIN = "$.media.portMin";
    public static final String MEDIA_PORT_MAX = "$.media.portMax";
    public static final String BACKEND = "$.backend";
    public static final String AFXDP = "$.afxdp";
    public static final String SOCKET = "$.socket";
    public static final String AGENT = "$.agent";
    public static final String COUNTERS = "$.counters";
    public static final String COUNTERS_DIRECTORY = "$.counters.directory";
    public static final String SIGNALING = "$.signaling";
    public static final String SIGNALING_LISTEN = "$.signaling.listen";
    public static final String SIGNALING_LISTEN_ADDRESS = "$.signaling.listen.address";
    public static final String SIGNALING_LISTEN_PORT = "$.signaling.listen.port";
    public static final String SIGNALING_TOKEN_KEY = "$.signaling.tokenKey";
    public static final String SIGNALING_TOKEN_KEY_FILE = "$.signaling.tokenKeyFile";
    public static final String SIGNALING_TLS = "$.signaling.tls";
    public static final String SIGNALING_TLS_CERTIFICATE = "$.signaling.tls.certificate";
    public static final String SIGNALING_TLS_PRIVATE_KEY = "$.signaling.tls.privateKey";
    public static final String SIGNALING_LIMITS = "$.signaling.limits";
    public static final String ROOMS = "$.rooms";

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConfigPaths() {
    }

    /** The member {@code name} of the object at {@code parent}; names JSONPath's dot notation cannot carry are quoted, {@code $['$schema']}. */
    public static String field(String parent, String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** Element {@code index} of the array at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    public static String mediaAddress(int index) {
        return index(MEDIA_ADDRESSES, index);
    }

    public static String room(int room) {
        return index(ROOMS, room);
    }

    public static String participant(int room, int participant) {
        return index(field(room(room), "participants"), participant);
    }

    public static String participantPort(int room, int participant) {
        return field(participant(room, participant), "port");
    }

    public static String producer(int room, int participant, int producer) {
        return index(field(participant(room, participant), "producers"), producer);
    }

    /**
     * The path of a participant found by ids, for errors the server finds about one participant
     * (a port it cannot bind, say).
     *
     * @throws IllegalArgumentException if the config has no such room or participant
     */
    public static String participant(XsfuConfig config, String roomId, String participantId) {
        List<RoomConfig> rooms = config.rooms();
        for (int r = 0; r < rooms.size(); r++) {
            if (!rooms.get(r).id().equals(roomId)) {
                continue;
            }
            List<ParticipantConfig> participants = rooms.get(r).participants();
            for (int p = 0; p < participants.size(); p++) {
                if (participants.get(p).id().equals(participantId)) {
                    return participant(r, p);
                }
            }
        }
        throw new IllegalArgumentException("no participant '" + participantId + "' in room '" + roomId + "'");
    }

    /**
     * The path of a producer found by ids, for errors the server finds about one producer.
     *
     * @throws IllegalArgumentException if the config has no such room, participant or producer
     */
    public static String producer(XsfuConfig config, String roomId, String participantId, String producerId) {
        String participantPath = participant(config, roomId, participantId);
        ParticipantConfig participant = config.rooms().stream().filter(r -> r.id().equals(roomId)).findFirst()
                .flatMap(r -> r.participant(participantId)).orElseThrow();
        List<ProducerConfig> producers = participant.producers();
        for (int i = 0; i < producers.size(); i++) {
            if (producers.get(i).id().equals(producerId)) {
                return index(field(participantPath, "producers"), i);
            }
        }
        throw new IllegalArgumentException("no producer '" + producerId + "' of participant '" + participantId + "' in room '" + roomId + "'");
    }

    /** True if {@code path} is {@code ancestor} itself or lies inside it ({@code $.a[1]} is not inside {@code $.a[10]}). */
    public static boolean isWithin(String path, String ancestor) {
        if (!path.startsWith(ancestor)) {
            return false;
        }
        if (path.length() == ancestor.length()) {
            return true;
        }
        char next = path.charAt(ancestor.length());
        return next == '.' || next == '[';
    }
}
