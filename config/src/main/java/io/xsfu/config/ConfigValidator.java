package io.xsfu.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks the values of a config and how they relate: ranges, ports inside the media range and
 * used once, unique ids, subscriptions that make sense, remotes reachable from a media address,
 * producers whose codec parameters agree, SSRCs and payload types that consumers can tell apart,
 * feedback that has what it needs, a signaling endpoint clear of the media ports.
 * Works on records, so configs built in code get the same checks as files.
 */
public final class ConfigValidator {
    /** Linux's dev_valid_name: 1..IFNAMSIZ-1 bytes, no '/', ':' or whitespace, not "." or "..". */
    public static final Pattern INTERFACE_NAME = Pattern.compile("(?!\\.\\.?$)[!-.0-9;-~]{1,15}");
    /** Room and participant ids end up in counter names, logs and signaling: keep them plain. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    private final XsfuConfig config;
    private final Predicate<String> trusted;
    private final List<ConfigError> errors = new ArrayList<>();

    private ConfigValidator(XsfuConfig config, Predicate<String> trusted) {
        this.config = config;
        this.trusted = trusted;
    }

    /** Every problem with {@code config}, in document order; empty if it is valid. */
    public static List<ConfigError> validate(XsfuConfig config) {
        return validate(config, path -> true);
    }

    /** As {@link #validate(XsfuConfig)}, skipping checks that involve a value the reader could not read. */
    static List<ConfigError> validate(XsfuConfig config, Predicate<String> trusted) {
        ConfigValidator validator = new ConfigValidator(config, trusted);
        validator.media();
        validator.afxdp();
        validator.socket();
        validator.agent();
        validator.counters();
        validator.signaling();
        validator.rooms();
        return List.copyOf(validator.errors);
    }

    private void media() {
        MediaConfig media = config.media();
        if (ok(ConfigPaths.MEDIA_INTERFACE) && !INTERFACE_NAME.matcher(media.interfaceName()).matches()) {
            error(ConfigPaths.MEDIA_INTERFACE, "'" + media.interfaceName() + "' is not a valid Linux interface name"
                    + " (1 to 15 printable ASCII characters, no '/', ':' or whitespace, not '.' or '..')");
        }
        if (ok(ConfigPaths.MEDIA_ADDRESSES)) {
            int count = media.addresses().size();
            if (count < 1 || count > MediaConfig.MAX_ADDRESSES) {
                error(ConfigPaths.MEDIA_ADDRESSES, "must list 1 to " + MediaConfig.MAX_ADDRESSES + " addresses, got " + count);
            }
        }
        Map<InetAddress, String> seen = new HashMap<>();
        for (int i = 0; i < media.addresses().size(); i++) {
            String path = ConfigPaths.mediaAddress(i);
            if (!ok(path)) {
                continue;
            }
            InetAddress address = media.addresses().get(i);
            String special = IpLiterals.specialUse(address);
            if (special != null) {
                error(path, IpLiterals.format(address) + " " + special + "; media addresses are unicast addresses of the interface");
            }
            String first = seen.putIfAbsent(address, path);
            if (first != null) {
                error(path, "duplicate address " + IpLiterals.format(address) + " (also at " + first + ")");
            }
        }
        boolean minOk = ok(ConfigPaths.MEDIA_PORT_MIN) && port(ConfigPaths.MEDIA_PORT_MIN, media.portMin());
        boolean maxOk = ok(ConfigPaths.MEDIA_PORT_MAX) && port(ConfigPaths.MEDIA_PORT_MAX, media.portMax());
        if (minOk && maxOk && media.portMin() > media.portMax()) {
            error(ConfigPaths.MEDIA_PORT_MIN, "portMin " + media.portMin() + " is greater than portMax " + media.portMax());
        }
    }

    private void afxdp() {
        AfXdpConfig afxdp = config.afxdp();
        String frameSize = ConfigPaths.field(ConfigPaths.AFXDP, "frameSize");
        String framesPerQueue = ConfigPaths.field(ConfigPaths.AFXDP, "framesPerQueue");
        String ringSize = ConfigPaths.field(ConfigPaths.AFXDP, "ringSize");
        if (ok(frameSize) && !AfXdpConfig.FRAME_SIZES.contains(afxdp.frameSize())) {
            error(frameSize, "must be 2048 or 4096, got " + afxdp.frameSize());
        }
        boolean framesOk = ok(framesPerQueue) && powerOfTwo(framesPerQueue, afxdp.framesPerQueue(),
                AfXdpConfig.MIN_FRAMES_PER_QUEUE, AfXdpConfig.MAX_FRAMES_PER_QUEUE);
        boolean ringOk = ok(ringSize) && powerOfTwo(ringSize, afxdp.ringSize(), AfXdpConfig.MIN_RING_SIZE, AfXdpConfig.MAX_RING_SIZE);
        if (framesOk && ringOk && afxdp.ringSize() > afxdp.framesPerQueue() / 2) {
            error(framesPerQueue, "framesPerQueue " + afxdp.framesPerQueue() + " must be at least twice ringSize "
                    + afxdp.ringSize() + ": the fill ring and the TX ring both need frames");
        }
    }

    private void socket() {
        SocketConfig socket = config.socket();
        range(ConfigPaths.field(ConfigPaths.SOCKET, "batchSize"), socket.batchSize(), SocketConfig.MIN_BATCH_SIZE, SocketConfig.MAX_BATCH_SIZE);
        range(ConfigPaths.field(ConfigPaths.SOCKET, "receiveBufferBytes"), socket.receiveBufferBytes(),
                SocketConfig.MIN_BUFFER_BYTES, SocketConfig.MAX_BUFFER_BYTES);
        range(ConfigPaths.field(ConfigPaths.SOCKET, "sendBufferBytes"), socket.sendBufferBytes(),
                SocketConfig.MIN_BUFFER_BYTES, SocketConfig.MAX_BUFFER_BYTES);
    }

    private void agent() {
        AgentConfig agent = config.agent();
        String idle = ConfigPaths.field(ConfigPaths.AGENT, "idleStrategy");
        switch (agent.idleStrategy()) {
            case IdleStrategyConfig.Backoff backoff -> range(ConfigPaths.field(idle, "maxParkMicros"), backoff.maxParkMicros(),
                    IdleStrategyConfig.MIN_MICROS, IdleStrategyConfig.MAX_MICROS);
            case IdleStrategyConfig.Sleep sleep -> range(ConfigPaths.field(idle, "sleepMicros"), sleep.sleepMicros(),
                    IdleStrategyConfig.MIN_MICROS, IdleStrategyConfig.MAX_MICROS);
            case IdleStrategyConfig.BusySpin busySpin -> { }
            case IdleStrategyConfig.Yield yield -> { }
        }
        range(ConfigPaths.field(ConfigPaths.AGENT, "batchSize"), agent.batchSize(), AgentConfig.MIN_BATCH_SIZE, AgentConfig.MAX_BATCH_SIZE);
    }

    private void counters() {
        absolute(ConfigPaths.COUNTERS_DIRECTORY, config.counters().directory());
    }

    private void signaling() {
        if (config.signaling().isEmpty()) {
            return;
        }
        SignalingSettings signaling = config.signaling().get();
        listen(signaling.listen());
        switch (signaling.tokenKey()) {
            case TokenKeySource.File(var file) -> keyFile(file);
            case TokenKeySource.Inline(var key) -> {
                int bytes = key.getBytes(StandardCharsets.UTF_8).length;
                if (ok(ConfigPaths.SIGNALING_TOKEN_KEY) && bytes < TokenKeySource.MIN_KEY_BYTES) {
                    error(ConfigPaths.SIGNALING_TOKEN_KEY, shortKey(bytes));
                }
            }
        }
        signaling.tls().ifPresent(tls -> {
            absolute(ConfigPaths.SIGNALING_TLS_CERTIFICATE, tls.certificate());
            absolute(ConfigPaths.SIGNALING_TLS_PRIVATE_KEY, tls.privateKey());
        });
        SignalingLimits limits = signaling.limits();
        range(limit("maxMessageBytes"), limits.maxMessageBytes(), SignalingLimits.MIN_MESSAGE_BYTES, SignalingLimits.MAX_MESSAGE_BYTES);
        range(limit("requestsPerSecond"), limits.requestsPerSecond(),
                SignalingLimits.MIN_REQUESTS_PER_SECOND, SignalingLimits.MAX_REQUESTS_PER_SECOND);
        range(limit("maxParticipantsPerRoom"), limits.maxParticipantsPerRoom(),
                SignalingLimits.MIN_PARTICIPANTS_PER_ROOM, SignalingLimits.MAX_PARTICIPANTS_PER_ROOM);
        range(limit("maxRooms"), limits.maxRooms(), SignalingLimits.MIN_ROOMS, SignalingLimits.MAX_ROOMS);
        range(limit("gracePeriodSeconds"), limits.gracePeriodSeconds(), SignalingLimits.MIN_SECONDS, SignalingLimits.MAX_SECONDS);
        range(limit("statsIntervalSeconds"), limits.statsIntervalSeconds(), SignalingLimits.MIN_SECONDS, SignalingLimits.MAX_SECONDS);
    }

    private void keyFile(Path file) {
        String path = ConfigPaths.SIGNALING_TOKEN_KEY_FILE;
        int bytes = file.toString().getBytes(StandardCharsets.UTF_8).length;
        if (ok(path) && !file.isAbsolute() && bytes >= TokenKeySource.MIN_KEY_BYTES) {
            // Long enough to be a key put here by mistake: an error message ends up in logs, so it does not repeat it.
            error(path, "must be an absolute path, got a relative one of " + bytes + " bytes, not shown in case it is the key:"
                    + " tokenKeyFile names the file that holds the key");
            return;
        }
        absolute(path, file);
    }

    private static String limit(String name) {
        return ConfigPaths.field(ConfigPaths.SIGNALING_LIMITS, name);
    }

    /** Also the start-up check's message for a key file that holds too short a key. */
    static String shortKey(int bytes) {
        return "must be at least " + TokenKeySource.MIN_KEY_BYTES + " bytes, got " + bytes
                + ": an HS256 key shorter than its hash is easier to guess (RFC 7518 3.2); make one with 'openssl rand -base64 32'";
    }

    private void listen(SignalingSettings.Listen listen) {
        String addressPath = ConfigPaths.SIGNALING_LISTEN_ADDRESS;
        InetAddress address = listen.address();
        boolean addressOk = ok(addressPath);
        String unusable = addressOk ? IpLiterals.notBindable(address) : null;
        if (unusable != null) {
            error(addressPath, IpLiterals.format(address) + " " + unusable
                    + "; listen on an address of this host, or on 0.0.0.0 (every IPv4 address) or :: (every address)");
            addressOk = false;
        }
        if (!port(ConfigPaths.SIGNALING_LISTEN_PORT, listen.port()) || !addressOk || !mediaRangeKnown()) {
            return;
        }
        MediaConfig media = config.media();
        if (!media.containsPort(listen.port())) {
            return;
        }
        for (int i = 0; i < media.addresses().size(); i++) {
            InetAddress mediaAddress = media.addresses().get(i);
            if (ok(ConfigPaths.mediaAddress(i)) && listensOn(address, mediaAddress)) {
                String where = address.equals(mediaAddress) ? ""
                        : " (listen.address " + IpLiterals.format(address) + " includes it)";
                error(ConfigPaths.SIGNALING_LISTEN_PORT, "port " + listen.port() + " is inside the media port range "
                        + media.portMin() + ".." + media.portMax() + ", which the SFU owns on " + IpLiterals.format(mediaAddress)
                        + where + ": give signaling a port outside it");
                return;
            }
        }
    }

    /** Whether a socket bound to {@code listen} takes connections to {@code target}. */
    private static boolean listensOn(InetAddress listen, InetAddress target) {
        if (listen.isAnyLocalAddress()) {
            // Java binds :: as a dual-stack socket: it takes IPv4 connections too.
            return listen instanceof Inet6Address || target instanceof Inet4Address;
        }
        return listen.equals(target);
    }

    private void absolute(String path, Path value) {
        if (ok(path) && !value.isAbsolute()) {
            error(path, "must be an absolute path, got '" + value + "'");
        }
    }

    private void rooms() {
        Map<String, String> roomIds = new HashMap<>();
        Map<Integer, String> ports = new HashMap<>();
        for (int r = 0; r < config.rooms().size(); r++) {
            RoomConfig room = config.rooms().get(r);
            String idPath = ConfigPaths.field(ConfigPaths.room(r), "id");
            if (ok(idPath) && id(idPath, room.id(), "room")) {
                String first = roomIds.putIfAbsent(room.id(), idPath);
                if (first != null) {
                    error(idPath, "duplicate room id '" + room.id() + "' (also at " + first + ")");
                }
            }
            participants(r, room, ports);
        }
    }

    private void participants(int r, RoomConfig room, Map<Integer, String> ports) {
        Map<String, String> ids = new HashMap<>();
        boolean allIdsKnown = true;
        for (int p = 0; p < room.participants().size(); p++) {
            ParticipantConfig participant = room.participants().get(p);
            String idPath = ConfigPaths.field(ConfigPaths.participant(r, p), "id");
            if (!ok(idPath)) {
                allIdsKnown = false;
                continue;
            }
            if (id(idPath, participant.id(), "participant")) {
                String first = ids.putIfAbsent(participant.id(), idPath);
                if (first != null) {
                    error(idPath, "duplicate participant id '" + participant.id() + "' in room '" + room.id() + "' (also at " + first + ")");
                }
            }
        }
        RoomStreams streams = new RoomStreams();
        for (int p = 0; p < room.participants().size(); p++) {
            ParticipantConfig participant = room.participants().get(p);
            String path = ConfigPaths.participant(r, p);
            participantPort(participant, ConfigPaths.field(path, "port"), ports);
            remote(participant.remote(), ConfigPaths.field(path, "remote"));
            String send = ConfigPaths.field(path, "send");
            String receive = ConfigPaths.field(path, "receive");
            if (ok(send) && ok(receive) && !participant.send() && !participant.receive()) {
                error(path, "participant '" + participant.id() + "' neither sends nor receives (send and receive are both false)");
            }
            subscribe(r, room, p, allIdsKnown);
            producers(participant, path, streams);
            feedback(participant, path);
            headerExtensions(participant, path);
            participant.srtp().ifPresent(srtp -> srtp(srtp, ConfigPaths.field(path, "srtp")));
        }
    }

    private void srtp(SrtpConfig srtp, String path) {
        String suitePath = ConfigPaths.field(path, "cryptoSuite");
        SrtpCryptoSuite suite = ok(suitePath) ? srtp.cryptoSuite() : null;
        byte[] receive = srtpKey(ConfigPaths.field(path, "receiveKey"), srtp.receiveKey(), suite);
        String sendPath = ConfigPaths.field(path, "sendKey");
        byte[] send = srtpKey(sendPath, srtp.sendKey(), suite);
        if (receive != null && send != null && java.util.Arrays.equals(receive, send)) {
            error(sendPath, "is the same as receiveKey: each direction needs a key of its own, or the SFU's packets and"
                    + " the participant's would share keystream and a packet sent to the participant would authenticate as"
                    + " one from it");
        }
    }

    /** The key's bytes if it is base64 of the suite's length ({@code suite} null: not known), else null. */
    private byte[] srtpKey(String path, String base64, SrtpCryptoSuite suite) {
        if (!ok(path)) {
            return null;
        }
        // Messages never repeat the key: it is a secret, and errors end up in logs.
        byte[] key = SrtpConfig.decode(base64).orElse(null);
        if (key == null) {
            error(path, "is not base64 (standard alphabet A-Z a-z 0-9 + /, '=' padding, no spaces or line breaks)");
            return null;
        }
        if (suite != null && key.length != suite.keyLength()) {
            error(path, "must be " + suite.keyLength() + " bytes for " + suite.jsonName() + " (a " + suite.masterKeyLength()
                    + "-byte master key followed by a " + suite.masterSaltLength() + "-byte master salt), got " + key.length);
            return null;
        }
        return key;
    }

    /** What the room's producers claimed so far: consumers get SSRCs and payload types unchanged, so they must agree. */
    private static final class RoomStreams {
        final Map<Long, String> ssrcs = new HashMap<>();
        /** Payload type -> what it means ({@code VP8/90000}, {@code RTX for payload type 96}) and where it was first given. */
        final Map<Integer, Map.Entry<String, String>> payloadTypes = new HashMap<>();
    }

    private void producers(ParticipantConfig participant, String participantPath, RoomStreams streams) {
        // Each consumer gets SSRCs of its own, so SSRCs need only be unique within the participant that sends them.
        streams.ssrcs.clear();
        String path = ConfigPaths.field(participantPath, "producers");
        String send = ConfigPaths.field(participantPath, "send");
        List<ProducerConfig> producers = participant.producers();
        if (ok(send) && ok(path)) {
            if (participant.send() && producers.isEmpty()) {
                error(path, "participant '" + participant.id() + "' sends (send is true) but has no producers:"
                        + " list the streams it sends, or set send to false");
            } else if (!participant.send() && !producers.isEmpty()) {
                error(path, "participant '" + participant.id() + "' has producers but send is false: remove them, or set send to true");
            }
        }
        Map<String, String> ids = new HashMap<>();
        Map<Integer, String> payloadTypes = new HashMap<>();
        for (int i = 0; i < producers.size(); i++) {
            ProducerConfig producer = producers.get(i);
            String producerPath = ConfigPaths.index(path, i);
            String idPath = ConfigPaths.field(producerPath, "id");
            if (ok(idPath) && id(idPath, producer.id(), "producer")) {
                String first = ids.putIfAbsent(producer.id(), idPath);
                if (first != null) {
                    error(idPath, "duplicate producer id '" + producer.id() + "' in participant '" + participant.id() + "' (also at " + first + ")");
                }
            }
            boolean codecKnown = ok(ConfigPaths.field(producerPath, "codec"));
            codecParameters(producer, producerPath, codecKnown);
            String payloadTypePath = ConfigPaths.field(producerPath, "payloadType");
            boolean mediaPayloadType = payloadType(payloadTypePath, producer.payloadType(),
                    codecKnown ? producer.codec().rtpmap() : null, payloadTypes, streams);
            ssrc(ConfigPaths.field(producerPath, "ssrc"), producer.ssrc(), streams);
            if (producer.rtx().isPresent()) {
                RtxConfig rtx = producer.rtx().get();
                String rtxPath = ConfigPaths.field(producerPath, "rtx");
                payloadType(ConfigPaths.field(rtxPath, "payloadType"), rtx.payloadType(),
                        mediaPayloadType ? "RTX for payload type " + producer.payloadType() : null, payloadTypes, streams);
                ssrc(ConfigPaths.field(rtxPath, "ssrc"), rtx.ssrc(), streams);
            }
            encodings(producer, producerPath, streams);
        }
    }

    /** Simulcast encodings: 2..4 video streams, the first being the producer's own SSRC (and RTX SSRC). */
    private void encodings(ProducerConfig producer, String producerPath, RoomStreams streams) {
        List<EncodingConfig> encodings = producer.encodings();
        String path = ConfigPaths.field(producerPath, "encodings");
        if (encodings.isEmpty() || !ok(path)) {
            return; // an empty list is refused by the reader
        }
        if (producer.kind() != MediaKind.VIDEO) {
            error(path, "encodings (simulcast) are for video producers; '" + producer.id() + "' is " + producer.kind().jsonName());
            return;
        }
        if (encodings.size() < 2 || encodings.size() > ProducerConfig.MAX_ENCODINGS) {
            error(path, "simulcast needs 2 to " + ProducerConfig.MAX_ENCODINGS + " encodings, lowest first; got "
                    + encodings.size());
            return;
        }
        java.util.Set<String> rids = new java.util.HashSet<>();
        for (int i = 0; i < encodings.size(); i++) {
            EncodingConfig e = encodings.get(i);
            String at = ConfigPaths.index(path, i);
            String ssrcPath = ConfigPaths.field(at, "ssrc");
            if (i == 0) {
                if (ok(ssrcPath) && e.ssrc() != producer.ssrc()) {
                    error(ssrcPath, "the first (lowest) encoding is the producer's own stream: ssrc must be "
                            + producer.ssrc() + ", got " + e.ssrc());
                }
            } else if (ok(ssrcPath)) {
                ssrc(ssrcPath, e.ssrc(), streams);
            }
            String rtxPath = ConfigPaths.field(at, "rtxSsrc");
            if (ok(rtxPath)) {
                if (producer.rtx().isEmpty() && e.rtxSsrc() != 0) {
                    error(rtxPath, "rtxSsrc without rtx: give the producer an rtx payload type first");
                } else if (producer.rtx().isPresent() && e.rtxSsrc() == 0) {
                    error(rtxPath, "missing: the producer has rtx, so every encoding needs its RTX SSRC");
                } else if (producer.rtx().isPresent() && i == 0 && e.rtxSsrc() != producer.rtx().get().ssrc()) {
                    error(rtxPath, "the first encoding's RTX stream is the producer's: must be "
                            + producer.rtx().get().ssrc() + ", got " + e.rtxSsrc());
                } else if (producer.rtx().isPresent() && i > 0) {
                    ssrc(rtxPath, e.rtxSsrc(), streams);
                }
            }
            String ridPath = ConfigPaths.field(at, "rid");
            if (e.rid() != null && ok(ridPath)) {
                if (!e.rid().matches("[A-Za-z0-9]{1,16}")) {
                    error(ridPath, "a rid is 1 to 16 letters or digits (RFC 8851), got '" + e.rid() + "'");
                } else if (!rids.add(e.rid())) {
                    error(ridPath, "duplicate rid '" + e.rid() + "' in producer '" + producer.id() + "'");
                }
            }
            String rate = ConfigPaths.field(at, "maxBitrate");
            if (ok(rate) && (e.maxBitrate() < 0 || e.maxBitrate() > MAX_BITRATE)) {
                error(rate, "must be between 0 and " + MAX_BITRATE + " bit/s, got " + e.maxBitrate());
            }
        }
    }

    /** 10 Gbit/s: anything above is a typo, not a video encoding. */
    static final long MAX_BITRATE = 10_000_000_000L;


    private void codecParameters(ProducerConfig producer, String producerPath, boolean codecKnown) {
        if (!codecKnown) {
            return;
        }
        Codec codec = producer.codec();
        String kind = ConfigPaths.field(producerPath, "kind");
        if (ok(kind) && producer.kind() != codec.kind()) {
            error(kind, "kind is " + producer.kind().jsonName() + " but " + codec.jsonName() + " is " + codec.kind().jsonName() + " (kind must match the codec)");
        }
        String clockRate = ConfigPaths.field(producerPath, "clockRate");
        if (ok(clockRate) && producer.clockRate() != codec.clockRate()) {
            error(clockRate, "must be " + codec.clockRate() + " for " + codec.jsonName()
                    + " (its RTP payload format fixes the clock rate), got " + producer.clockRate());
        }
        String channels = ConfigPaths.field(producerPath, "channels");
        if (ok(channels) && producer.channels() != codec.channels()) {
            String why = codec == Codec.OPUS ? " (RFC 7587 declares every opus stream with 2 channels; mono or stereo is the encoder's choice)" : "";
            error(channels, codec.channels() == 0 ? noChannels(codec)
                    : "must be " + codec.channels() + " for " + codec.jsonName() + why + ", got " + producer.channels());
        }
    }

    /** Also the reader's message for a video producer that gives channels. */
    static String noChannels(Codec codec) {
        return codec.jsonName() + " is a video codec, which has no channels";
    }

    /**
     * Checks one media or RTX payload type: dynamic, used once by the participant, and, where
     * {@code meaning} is known, meaning the same in the whole room.
     *
     * @return whether the value is a valid payload type
     */
    private boolean payloadType(String path, int payloadType, String meaning, Map<Integer, String> participantPayloadTypes,
                                RoomStreams streams) {
        if (!ok(path)) {
            return false;
        }
        if (payloadType < ProducerConfig.MIN_PAYLOAD_TYPE || payloadType > ProducerConfig.MAX_PAYLOAD_TYPE) {
            error(path, "must be between " + ProducerConfig.MIN_PAYLOAD_TYPE + " and " + ProducerConfig.MAX_PAYLOAD_TYPE
                    + " (dynamic payload types; opus, VP8, VP9 and H264 have no static one), got " + payloadType);
            return false;
        }
        String first = participantPayloadTypes.putIfAbsent(payloadType, path);
        if (first != null) {
            error(path, "payload type " + payloadType + " is also used by " + first);
            return true;
        }
        if (meaning != null) {
            Map.Entry<String, String> earlier = streams.payloadTypes.putIfAbsent(payloadType, Map.entry(meaning, path));
            if (earlier != null && !earlier.getKey().equals(meaning)) {
                error(path, "payload type " + payloadType + " means " + meaning + " here but " + earlier.getKey() + " at " + earlier.getValue()
                        + ": consumers get payload types unchanged, so in a room each names one codec");
            }
        }
        return true;
    }

    private void ssrc(String path, long ssrc, RoomStreams streams) {
        if (!ok(path)) {
            return;
        }
        if (ssrc < ProducerConfig.MIN_SSRC || ssrc > ProducerConfig.MAX_SSRC) {
            error(path, "must be between " + ProducerConfig.MIN_SSRC + " and " + ProducerConfig.MAX_SSRC + ", got " + ssrc);
            return;
        }
        String first = streams.ssrcs.putIfAbsent(ssrc, path);
        if (first != null) {
            error(path, "ssrc " + ssrc + " is also used by " + first);
        }
    }

    private void feedback(ParticipantConfig participant, String path) {
        String rtcp = ConfigPaths.field(path, "rtcp");
        // Reported where the missing extension belongs: adding it there, or turning the feedback off, fixes it.
        String extensions = ConfigPaths.field(path, "headerExtensions");
        if (participant.rtcp().transportCc() && ok(ConfigPaths.field(rtcp, "transportCc")) && ok(extensions)
                && participant.headerExtensionId(HeaderExtension.TRANSPORT_WIDE_CC).isEmpty()) {
            error(extensions, "rtcp.transportCc is true, which needs the header extension " + HeaderExtension.TRANSPORT_WIDE_CC.uri()
                    + ": it numbers the packets the feedback reports on");
        }
        if (participant.rtcp().remb() && ok(ConfigPaths.field(rtcp, "remb")) && ok(extensions)
                && participant.headerExtensionId(HeaderExtension.ABS_SEND_TIME).isEmpty()) {
            error(extensions, "rtcp.remb is true, which needs the header extension " + HeaderExtension.ABS_SEND_TIME.uri()
                    + ": bandwidth is estimated from its send times");
        }
        String rtx = ConfigPaths.field(path, "rtx");
        if (!participant.rtx() || !ok(rtx)) {
            return;
        }
        if (ok(ConfigPaths.field(path, "receive")) && !participant.receive()) {
            error(rtx, "rtx is true but receive is false: participant '" + participant.id() + "' receives nothing to retransmit");
        } else if (ok(ConfigPaths.field(rtcp, "nack")) && !participant.rtcp().nack()) {
            error(rtx, "rtx is true but rtcp.nack is false: the SFU retransmits only what participant '" + participant.id()
                    + "' asks for by NACK");
        }
    }

    private void headerExtensions(ParticipantConfig participant, String participantPath) {
        String path = ConfigPaths.field(participantPath, "headerExtensions");
        Map<Integer, String> ids = new HashMap<>();
        Map<HeaderExtension, String> uris = new HashMap<>();
        for (int i = 0; i < participant.headerExtensions().size(); i++) {
            HeaderExtensionConfig extension = participant.headerExtensions().get(i);
            String idPath = ConfigPaths.field(ConfigPaths.index(path, i), "id");
            if (ok(idPath)) {
                if (extension.id() < HeaderExtensionConfig.MIN_ID || extension.id() > HeaderExtensionConfig.MAX_ID) {
                    error(idPath, "must be between " + HeaderExtensionConfig.MIN_ID + " and " + HeaderExtensionConfig.MAX_ID
                            + " (1..14 in the one-byte header form, up to 255 in the two-byte form), got " + extension.id());
                } else {
                    String first = ids.putIfAbsent(extension.id(), idPath);
                    if (first != null) {
                        error(idPath, "header extension id " + extension.id() + " is also used by " + first);
                    }
                }
            }
            String uriPath = ConfigPaths.field(ConfigPaths.index(path, i), "uri");
            if (ok(uriPath)) {
                String first = uris.putIfAbsent(extension.extension(), uriPath);
                if (first != null) {
                    error(uriPath, "duplicate header extension " + extension.uri() + " (also at " + first + ")");
                }
            }
        }
    }

    private void participantPort(ParticipantConfig participant, String path, Map<Integer, String> ports) {
        if (!ok(path) || !port(path, participant.port())) {
            return;
        }
        MediaConfig media = config.media();
        if (mediaRangeKnown() && !media.containsPort(participant.port())) {
            error(path, "port " + participant.port() + " is outside the media port range "
                    + media.portMin() + ".." + media.portMax());
        }
        String first = ports.putIfAbsent(participant.port(), path);
        if (first != null) {
            error(path, "port " + participant.port() + " is also used by " + first);
        }
    }

    /** Whether the media port range was read and is valid, so that ports can be compared with it. */
    private boolean mediaRangeKnown() {
        MediaConfig media = config.media();
        return ok(ConfigPaths.MEDIA_PORT_MIN) && ok(ConfigPaths.MEDIA_PORT_MAX)
                && media.portMin() >= MIN_PORT && media.portMax() <= MAX_PORT && media.portMin() <= media.portMax();
    }

    private void remote(RemoteConfig remote, String path) {
        if (!(remote instanceof RemoteConfig.Fixed(var socketAddress)) || !ok(path)) {
            return;
        }
        port(ConfigPaths.field(path, "port"), socketAddress.getPort());
        String addressPath = ConfigPaths.field(path, "address");
        InetAddress address = socketAddress.getAddress();
        String special = IpLiterals.specialUse(address);
        if (special != null) {
            error(addressPath, IpLiterals.format(address) + " " + special + "; a fixed remote is one unicast address");
            return;
        }
        MediaConfig media = config.media();
        if (ok(ConfigPaths.MEDIA_ADDRESSES) && !media.addresses().isEmpty()) {
            boolean familyServed = media.addresses().stream().anyMatch(a -> a.getClass() == address.getClass());
            if (!familyServed) {
                String family = IpLiterals.family(address);
                error(addressPath, family + " remote " + IpLiterals.format(address) + " is unreachable: media.addresses has no "
                        + family + " address");
            }
        }
    }

    private void subscribe(int r, RoomConfig room, int p, boolean allIdsKnown) {
        ParticipantConfig participant = room.participants().get(p);
        if (participant.subscribe().isEmpty()) {
            return;
        }
        List<String> subscribe = participant.subscribe().get();
        String participantPath = ConfigPaths.participant(r, p);
        String path = ConfigPaths.field(participantPath, "subscribe");
        String receive = ConfigPaths.field(participantPath, "receive");
        if (ok(receive) && !participant.receive()) {
            error(path, "subscribe is set but receive is false: participant '" + participant.id() + "' receives nothing");
        }
        if (subscribe.isEmpty() && ok(path)) {
            error(path, "must name at least one participant; to receive from every sender leave subscribe out,"
                    + " to receive nothing set receive to false");
        }
        Map<String, String> seen = new HashMap<>();
        Map<String, String> wholeParticipants = new HashMap<>();
        Map<String, String> singleProducers = new HashMap<>();
        for (int i = 0; i < subscribe.size(); i++) {
            String entryPath = ConfigPaths.index(path, i);
            if (!ok(entryPath)) {
                continue;
            }
            String entry = subscribe.get(i);
            Subscription subscription = Subscription.parse(entry);
            String target = subscription.participantId();
            String first = seen.putIfAbsent(entry, entryPath);
            if (first != null) {
                error(entryPath, "duplicate subscription to '" + entry + "' (also at " + first + ")");
                continue;
            }
            if (target.equals(participant.id()) && ok(ConfigPaths.field(participantPath, "id"))) {
                error(entryPath, "participant '" + target + "' cannot subscribe to itself");
                continue;
            }
            int t = indexOf(room, target);
            if (t < 0) {
                if (allIdsKnown) {
                    error(entryPath, "no participant '" + target + "' in room '" + room.id() + "'");
                }
                continue;
            }
            ParticipantConfig sender = room.participants().get(t);
            String targetSend = ConfigPaths.field(ConfigPaths.participant(r, t), "send");
            if (ok(targetSend) && !sender.send()) {
                error(entryPath, "participant '" + target + "' does not send (send is false), so there is nothing to receive");
                continue;
            }
            if (subscription.producerId().isPresent()) {
                String producer = subscription.producerId().get();
                if (sender.producer(producer).isEmpty()) {
                    if (producerIdsKnown(r, t)) {
                        error(entryPath, "participant '" + target + "' has no producer '" + producer + "'"
                                + (sender.producers().isEmpty() ? "" : "; it has: "
                                + String.join(", ", sender.producers().stream().map(ProducerConfig::id).toList())));
                    }
                    continue;
                }
                String whole = wholeParticipants.get(target);
                if (whole != null) {
                    error(entryPath, "subscription to '" + entry + "' is redundant: '" + target + "' at " + whole
                            + " already takes every producer of " + target);
                    continue;
                }
                singleProducers.putIfAbsent(target, entryPath);
            } else {
                String single = singleProducers.get(target);
                if (single != null) {
                    error(entryPath, "subscription to '" + entry + "' takes every producer of " + target + ", which makes the one at "
                            + single + " redundant: keep one of them");
                    continue;
                }
                wholeParticipants.put(target, entryPath);
            }
        }
    }

    /** Whether every producer id of participant {@code t} was read, so that a missing one is really missing. */
    private boolean producerIdsKnown(int r, int t) {
        String producers = ConfigPaths.field(ConfigPaths.participant(r, t), "producers");
        // A path below the array that no entry has is untrusted only if the array itself (or an ancestor) is broken.
        if (!ok(ConfigPaths.index(producers, Integer.MAX_VALUE))) {
            return false;
        }
        List<ProducerConfig> list = config.rooms().get(r).participants().get(t).producers();
        for (int i = 0; i < list.size(); i++) {
            if (!ok(ConfigPaths.field(ConfigPaths.index(producers, i), "id"))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(RoomConfig room, String participantId) {
        for (int i = 0; i < room.participants().size(); i++) {
            if (room.participants().get(i).id().equals(participantId)) {
                return i;
            }
        }
        return -1;
    }

    // ---- single-value checks; each returns whether the value passed ----

    private boolean id(String path, String value, String what) {
        if (ID.matcher(value).matches()) {
            return true;
        }
        error(path, "'" + value + "' is not a valid " + what + " id (1 to 64 letters, digits, '_', '.', '-', starting with a letter or digit)");
        return false;
    }

    private boolean port(String path, int value) {
        return range(path, value, MIN_PORT, MAX_PORT);
    }

    private boolean range(String path, int value, int min, int max) {
        if (!ok(path)) {
            return false;
        }
        if (value < min || value > max) {
            error(path, "must be between " + min + " and " + max + ", got " + value);
            return false;
        }
        return true;
    }

    private boolean powerOfTwo(String path, int value, int min, int max) {
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            error(path, "must be a power of two between " + min + " and " + max + ", got " + value);
            return false;
        }
        return true;
    }

    private boolean ok(String path) {
        return trusted.test(path);
    }

    private void error(String path, String message) {
        errors.add(new ConfigError(path, message));
    }
}
