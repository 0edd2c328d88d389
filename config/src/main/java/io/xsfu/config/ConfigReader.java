package io.xsfu.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JSON tree into records, reporting what a JSON shape can get wrong: wrong types, missing
 * and unknown fields, unknown enum names, malformed IP literals. It never stops at the first error.
 * Where a value cannot be read it puts a placeholder in the record and remembers the path as
 * broken, so that {@link ConfigValidator} can still check everything else without reporting
 * nonsense about the placeholders.
 */
final class ConfigReader {
    static final List<String> ROOT_FIELDS =
            List.of("$schema", "media", "backend", "afxdp", "socket", "agent", "counters", "signaling", "rooms");
    static final List<String> MEDIA_FIELDS = List.of("interface", "addresses", "portMin", "portMax");
    static final List<String> AFXDP_FIELDS =
            List.of("xdpMode", "bindMode", "frameSize", "framesPerQueue", "ringSize", "needWakeup");
    static final List<String> SOCKET_FIELDS = List.of("batchSize", "receiveBufferBytes", "sendBufferBytes");
    static final List<String> AGENT_FIELDS = List.of("idleStrategy", "batchSize");
    static final List<String> COUNTERS_FIELDS = List.of("directory");
    static final List<String> SIGNALING_FIELDS = List.of("listen", "tokenKeyFile", "tokenKey", "tls", "limits");
    static final List<String> LISTEN_FIELDS = List.of("address", "port");
    static final List<String> TLS_FIELDS = List.of("certificate", "privateKey");
    static final List<String> SIGNALING_LIMITS_FIELDS = List.of("maxMessageBytes", "requestsPerSecond", "maxParticipantsPerRoom",
            "maxRooms", "gracePeriodSeconds", "statsIntervalSeconds");
    static final List<String> ROOM_FIELDS = List.of("id", "participants");
    static final List<String> PARTICIPANT_FIELDS =
            List.of("id", "port", "remote", "send", "receive", "subscribe", "producers", "rtcp", "rtx", "headerExtensions", "srtp");
    static final List<String> SRTP_FIELDS = List.of("cryptoSuite", "receiveKey", "sendKey");
    static final List<String> PRODUCER_FIELDS = List.of("id", "kind", "codec", "payloadType", "clockRate", "channels", "ssrc", "rtx",
            "encodings");
    static final List<String> ENCODING_FIELDS = List.of("rid", "ssrc", "rtxSsrc", "maxBitrate");
    static final List<String> RTX_FIELDS = List.of("payloadType", "ssrc");
    static final List<String> RTCP_FIELDS = List.of("nack", "pli", "fir", "remb", "transportCc");
    static final List<String> HEADER_EXTENSION_FIELDS = List.of("id", "uri");
    static final List<String> FIXED_REMOTE_FIELDS = List.of("address", "port");
    static final List<String> COMEDIA_REMOTE_FIELDS = List.of("comedia");
    static final Map<String, List<String>> IDLE_STRATEGY_FIELDS = Map.of(
            IdleStrategyConfig.BusySpin.TYPE, List.of("type"),
            IdleStrategyConfig.Yield.TYPE, List.of("type"),
            IdleStrategyConfig.Backoff.TYPE, List.of("type", "maxParkMicros"),
            IdleStrategyConfig.Sleep.TYPE, List.of("type", "sleepMicros"));

    /** Stands in for an address that could not be read; its path is broken, so nothing checks it. */
    private static final InetAddress PLACEHOLDER_ADDRESS = InetAddress.ofLiteral("0.0.0.0");

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> broken = new ArrayList<>();

    List<ConfigError> errors() {
        return errors;
    }

    /** Whether the value at {@code path}, and everything inside it, was read as written. */
    boolean trusted(String path) {
        for (String b : broken) {
            if (ConfigPaths.isWithin(path, b) || ConfigPaths.isWithin(b, path)) {
                return false;
            }
        }
        return true;
    }

    /** The config as far as it could be read, or null if the document is not even an object. */
    XsfuConfig read(JsonNode root) {
        Fields top = object(root, ConfigPaths.ROOT, ROOT_FIELDS, "the configuration");
        if (top == null) {
            return null;
        }
        string(top, "$schema", "");
        return new XsfuConfig(
                media(top),
                enumeration(top, "backend", Backend.class, XsfuConfig.DEFAULT_BACKEND),
                afxdp(top),
                socket(top),
                agent(top),
                counters(top),
                signaling(top),
                rooms(top));
    }

    private MediaConfig media(Fields top) {
        Fields media = requiredObject(top, "media", MEDIA_FIELDS, "media");
        if (media == null) {
            return new MediaConfig("", List.of(), 0, 0);
        }
        List<InetAddress> addresses = new ArrayList<>();
        JsonNode list = array(media, "addresses", true);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                InetAddress address = address(list.get(i), ConfigPaths.index(media.at("addresses"), i));
                addresses.add(address == null ? PLACEHOLDER_ADDRESS : address);
            }
        }
        return new MediaConfig(requiredString(media, "interface"), addresses,
                requiredInteger(media, "portMin"), requiredInteger(media, "portMax"));
    }

    private AfXdpConfig afxdp(Fields top) {
        AfXdpConfig d = AfXdpConfig.DEFAULTS;
        Fields afxdp = optionalObject(top, "afxdp", AFXDP_FIELDS, "afxdp");
        if (afxdp == null) {
            return d;
        }
        return new AfXdpConfig(
                enumeration(afxdp, "xdpMode", AfXdpConfig.XdpMode.class, d.xdpMode()),
                enumeration(afxdp, "bindMode", AfXdpConfig.BindMode.class, d.bindMode()),
                integer(afxdp, "frameSize", d.frameSize()),
                integer(afxdp, "framesPerQueue", d.framesPerQueue()),
                integer(afxdp, "ringSize", d.ringSize()),
                bool(afxdp, "needWakeup", d.needWakeup()));
    }

    private SocketConfig socket(Fields top) {
        SocketConfig d = SocketConfig.DEFAULTS;
        Fields socket = optionalObject(top, "socket", SOCKET_FIELDS, "socket");
        if (socket == null) {
            return d;
        }
        return new SocketConfig(
                integer(socket, "batchSize", d.batchSize()),
                integer(socket, "receiveBufferBytes", d.receiveBufferBytes()),
                integer(socket, "sendBufferBytes", d.sendBufferBytes()));
    }

    private AgentConfig agent(Fields top) {
        AgentConfig d = AgentConfig.DEFAULTS;
        Fields agent = optionalObject(top, "agent", AGENT_FIELDS, "agent");
        if (agent == null) {
            return d;
        }
        JsonNode idle = agent.node.get("idleStrategy");
        IdleStrategyConfig strategy = idle == null ? d.idleStrategy() : idleStrategy(idle, agent.at("idleStrategy"));
        return new AgentConfig(strategy, integer(agent, "batchSize", d.batchSize()));
    }

    private IdleStrategyConfig idleStrategy(JsonNode node, String path) {
        if (node.isTextual()) {
            String type = node.textValue();
            if (!IdleStrategyConfig.TYPES.contains(type)) {
                return brokenIdleStrategy(path, "unknown idle strategy '" + type + "'; allowed: " + String.join(", ", IdleStrategyConfig.TYPES));
            }
            return idleStrategyOfType(type, null);
        }
        if (!node.isObject()) {
            return brokenIdleStrategy(path, "expected a strategy name or an object with a 'type', got " + describe(node));
        }
        JsonNode typeNode = node.get("type");
        String typePath = ConfigPaths.field(path, "type");
        if (typeNode == null) {
            return brokenIdleStrategy(typePath, "missing required field 'type'; allowed: " + String.join(", ", IdleStrategyConfig.TYPES));
        }
        if (!typeNode.isTextual() || !IdleStrategyConfig.TYPES.contains(typeNode.textValue())) {
            String what = typeNode.isTextual() ? "unknown idle strategy '" + typeNode.textValue() + "'" : "expected a string, got " + describe(typeNode);
            return brokenIdleStrategy(typePath, what + "; allowed: " + String.join(", ", IdleStrategyConfig.TYPES));
        }
        String type = typeNode.textValue();
        Fields fields = new Fields(node, path, IDLE_STRATEGY_FIELDS.get(type), "idle strategy '" + type + "'");
        return idleStrategyOfType(type, fields);
    }

    private IdleStrategyConfig idleStrategyOfType(String type, Fields fields) {
        return switch (type) {
            case IdleStrategyConfig.BusySpin.TYPE -> new IdleStrategyConfig.BusySpin();
            case IdleStrategyConfig.Yield.TYPE -> new IdleStrategyConfig.Yield();
            case IdleStrategyConfig.Backoff.TYPE -> new IdleStrategyConfig.Backoff(fields == null
                    ? IdleStrategyConfig.Backoff.DEFAULT_MAX_PARK_MICROS
                    : integer(fields, "maxParkMicros", IdleStrategyConfig.Backoff.DEFAULT_MAX_PARK_MICROS));
            case IdleStrategyConfig.Sleep.TYPE -> new IdleStrategyConfig.Sleep(fields == null
                    ? IdleStrategyConfig.Sleep.DEFAULT_SLEEP_MICROS
                    : integer(fields, "sleepMicros", IdleStrategyConfig.Sleep.DEFAULT_SLEEP_MICROS));
            default -> throw new IllegalStateException("idle strategy type checked above: " + type);
        };
    }

    private IdleStrategyConfig brokenIdleStrategy(String path, String message) {
        fail(path, message);
        return AgentConfig.DEFAULTS.idleStrategy();
    }

    private CountersConfig counters(Fields top) {
        Fields counters = optionalObject(top, "counters", COUNTERS_FIELDS, "counters");
        Path directory = counters == null ? null : path(counters, "directory");
        return directory == null ? CountersConfig.DEFAULTS : new CountersConfig(directory);
    }

    /** Stands in for a path that could not be read; its JSON path is broken, so nothing checks it. */
    private static final Path PLACEHOLDER_PATH = Path.of("/");

    private Optional<SignalingSettings> signaling(Fields top) {
        Fields signaling = optionalObject(top, "signaling", SIGNALING_FIELDS, "signaling");
        if (signaling == null) {
            return Optional.empty();
        }
        return Optional.of(new SignalingSettings(listen(signaling), tokenKey(signaling), tls(signaling), signalingLimits(signaling)));
    }

    private SignalingSettings.Listen listen(Fields signaling) {
        SignalingSettings.Listen d = SignalingSettings.Listen.DEFAULTS;
        Fields listen = optionalObject(signaling, "listen", LISTEN_FIELDS, "listen");
        if (listen == null) {
            return d;
        }
        JsonNode addressNode = listen.node.get("address");
        InetAddress address = addressNode == null ? null : address(addressNode, listen.at("address"));
        return new SignalingSettings.Listen(address == null ? d.address() : address, integer(listen, "port", d.port()));
    }

    private TokenKeySource tokenKey(Fields signaling) {
        boolean inFile = signaling.node.has("tokenKeyFile");
        boolean inline = signaling.node.has("tokenKey");
        if (inFile && inline) {
            // Reported at the inline key, the one to remove; the file's path is still read and checked.
            fail(signaling.at("tokenKey"), "give the token key either in a file (tokenKeyFile) or inline (tokenKey), not both");
        }
        if (inFile) {
            Path file = path(signaling, "tokenKeyFile");
            return TokenKeySource.file(file == null ? PLACEHOLDER_PATH : file);
        }
        if (!inline) {
            fail(signaling.at("tokenKeyFile"), "missing required field 'tokenKeyFile', the file that holds the token key"
                    + " (or 'tokenKey' with the key itself, in a test config)");
            return TokenKeySource.file(PLACEHOLDER_PATH);
        }
        return TokenKeySource.inline(string(signaling, "tokenKey", ""));
    }

    private Optional<SignalingSettings.Tls> tls(Fields signaling) {
        Fields tls = optionalObject(signaling, "tls", TLS_FIELDS, "tls");
        if (tls == null) {
            return Optional.empty();
        }
        return Optional.of(new SignalingSettings.Tls(tlsFile(tls, "certificate"), tlsFile(tls, "privateKey")));
    }

    private Path tlsFile(Fields tls, String name) {
        if (!tls.node.has(name)) {
            fail(tls.at(name), "missing required field '" + name + "': TLS needs the certificate and its private key"
                    + " (leave tls out for plain HTTP and WebSocket)");
            return PLACEHOLDER_PATH;
        }
        Path file = path(tls, name);
        return file == null ? PLACEHOLDER_PATH : file;
    }

    private SignalingLimits signalingLimits(Fields signaling) {
        SignalingLimits d = SignalingLimits.DEFAULTS;
        Fields limits = optionalObject(signaling, "limits", SIGNALING_LIMITS_FIELDS, "limits");
        if (limits == null) {
            return d;
        }
        return new SignalingLimits(
                integer(limits, "maxMessageBytes", d.maxMessageBytes()),
                integer(limits, "requestsPerSecond", d.requestsPerSecond()),
                integer(limits, "maxParticipantsPerRoom", d.maxParticipantsPerRoom()),
                integer(limits, "maxRooms", d.maxRooms()),
                integer(limits, "gracePeriodSeconds", d.gracePeriodSeconds()),
                integer(limits, "statsIntervalSeconds", d.statsIntervalSeconds()));
    }

    private List<RoomConfig> rooms(Fields top) {
        JsonNode list = array(top, "rooms", false);
        List<RoomConfig> rooms = new ArrayList<>();
        if (list == null) {
            return rooms;
        }
        for (int r = 0; r < list.size(); r++) {
            rooms.add(room(list.get(r), ConfigPaths.room(r)));
        }
        return rooms;
    }

    private RoomConfig room(JsonNode node, String path) {
        Fields room = object(node, path, ROOM_FIELDS, "room");
        if (room == null) {
            return new RoomConfig("", List.of());
        }
        String id = requiredString(room, "id");
        List<ParticipantConfig> participants = new ArrayList<>();
        JsonNode list = array(room, "participants", true);
        if (list != null) {
            for (int p = 0; p < list.size(); p++) {
                participants.add(participant(list.get(p), ConfigPaths.index(room.at("participants"), p)));
            }
        }
        return new RoomConfig(id, participants);
    }

    private ParticipantConfig participant(JsonNode node, String path) {
        Fields participant = object(node, path, PARTICIPANT_FIELDS, "participant");
        if (participant == null) {
            return ParticipantConfig.of("", 0, RemoteConfig.comedia());
        }
        String id = requiredString(participant, "id");
        int port = requiredInteger(participant, "port");
        RemoteConfig remote = remote(participant);
        boolean send = bool(participant, "send", true);
        boolean receive = bool(participant, "receive", true);
        Optional<List<String>> subscribe = Optional.empty();
        JsonNode list = array(participant, "subscribe", false);
        if (list != null) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode entry = list.get(i);
                if (entry.isTextual()) {
                    ids.add(entry.textValue());
                } else {
                    fail(ConfigPaths.index(participant.at("subscribe"), i), "expected a participant id (string), got " + describe(entry));
                    ids.add("");
                }
            }
            subscribe = Optional.of(ids);
        }
        List<ProducerConfig> producers = new ArrayList<>();
        JsonNode producerList = array(participant, "producers", false);
        if (producerList != null) {
            for (int i = 0; i < producerList.size(); i++) {
                producers.add(producer(producerList.get(i), ConfigPaths.index(participant.at("producers"), i)));
            }
        }
        RtcpFeedbackConfig rtcp = rtcp(participant);
        boolean rtx = bool(participant, "rtx", false);
        List<HeaderExtensionConfig> extensions = new ArrayList<>();
        JsonNode extensionList = array(participant, "headerExtensions", false);
        if (extensionList != null) {
            for (int i = 0; i < extensionList.size(); i++) {
                extensions.add(headerExtension(extensionList.get(i), ConfigPaths.index(participant.at("headerExtensions"), i)));
            }
        }
        return new ParticipantConfig(id, port, remote, send, receive, subscribe, producers, rtcp, rtx, extensions, srtp(participant));
    }

    /** Stands in for a crypto suite that could not be read; that path is broken, so nothing checks it. */
    private static final SrtpCryptoSuite PLACEHOLDER_SUITE = SrtpCryptoSuite.AES_CM_128_HMAC_SHA1_80;

    /** The keys are read as text: whether they are base64 of the right length is the validator's to say. */
    private Optional<SrtpConfig> srtp(Fields participant) {
        Fields srtp = optionalObject(participant, "srtp", SRTP_FIELDS, "srtp");
        if (srtp == null) {
            return Optional.empty();
        }
        SrtpCryptoSuite suite = requiredEnumeration(srtp, "cryptoSuite", SrtpCryptoSuite.class);
        return Optional.of(new SrtpConfig(suite == null ? PLACEHOLDER_SUITE : suite, requiredString(srtp, "receiveKey"),
                requiredString(srtp, "sendKey")));
    }

    /** Stands in for a producer that could not be read; its path is broken, so nothing checks it. */
    private static final ProducerConfig PLACEHOLDER_PRODUCER = ProducerConfig.of("", Codec.VP8, 0, 0);

    private ProducerConfig producer(JsonNode node, String path) {
        Fields producer = object(node, path, PRODUCER_FIELDS, "producer");
        if (producer == null) {
            return PLACEHOLDER_PRODUCER;
        }
        String id = requiredString(producer, "id");
        MediaKind kind = requiredEnumeration(producer, "kind", MediaKind.class);
        Codec codec = codec(producer);
        int payloadType = requiredInteger(producer, "payloadType");
        // Defaults come from the codec; with an unreadable codec its path is broken and nothing checks them.
        Codec known = codec == null ? PLACEHOLDER_PRODUCER.codec() : codec;
        int clockRate = integer(producer, "clockRate", known.clockRate());
        int channels = integer(producer, "channels", known.channels());
        if (codec != null && codec.kind() == MediaKind.VIDEO && producer.node.has("channels") && trusted(producer.at("channels"))) {
            fail(producer.at("channels"), ConfigValidator.noChannels(codec));
        }
        long ssrc = requiredSsrc(producer, "ssrc");
        Optional<RtxConfig> rtx = Optional.empty();
        Fields rtxFields = optionalObject(producer, "rtx", RTX_FIELDS, "rtx");
        if (rtxFields != null) {
            rtx = Optional.of(new RtxConfig(requiredInteger(rtxFields, "payloadType"), requiredSsrc(rtxFields, "ssrc")));
        }
        List<EncodingConfig> encodings = new ArrayList<>();
        JsonNode list = array(producer, "encodings", false);
        if (list != null && list.isEmpty()) {
            fail(producer.at("encodings"), "simulcast needs 2 to " + ProducerConfig.MAX_ENCODINGS
                    + " encodings, got none (leave the field out for a single stream)");
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Fields e = object(list.get(i), ConfigPaths.index(producer.at("encodings"), i), ENCODING_FIELDS, "encoding");
                if (e == null) {
                    continue;
                }
                String rid = e.node.has("rid") ? string(e, "rid", null) : null;
                long rtxSsrc = e.node.has("rtxSsrc") ? requiredSsrc(e, "rtxSsrc") : 0;
                long maxBitrate = e.node.has("maxBitrate") ? requiredSsrc(e, "maxBitrate") : 0;
                encodings.add(new EncodingConfig(rid, requiredSsrc(e, "ssrc"), rtxSsrc, maxBitrate));
            }
        }
        return new ProducerConfig(id, kind == null ? known.kind() : kind, known, payloadType, clockRate, channels, ssrc, rtx,
                encodings);
    }

    private Codec codec(Fields producer) {
        String path = producer.at("codec");
        JsonNode node = producer.node.get("codec");
        String allowed = "; allowed: " + String.join(", ", Codec.NAMES) + " (in any case)";
        if (node == null) {
            missing(path);
            return null;
        }
        if (!node.isTextual()) {
            fail(path, "expected a string, got " + describe(node) + allowed);
            return null;
        }
        Optional<Codec> codec = Codec.byName(node.textValue());
        if (codec.isEmpty()) {
            fail(path, "unknown codec '" + node.textValue() + "'" + allowed);
            return null;
        }
        return codec.get();
    }

    private RtcpFeedbackConfig rtcp(Fields participant) {
        RtcpFeedbackConfig d = RtcpFeedbackConfig.DEFAULTS;
        Fields rtcp = optionalObject(participant, "rtcp", RTCP_FIELDS, "rtcp");
        if (rtcp == null) {
            return d;
        }
        return new RtcpFeedbackConfig(bool(rtcp, "nack", d.nack()), bool(rtcp, "pli", d.pli()), bool(rtcp, "fir", d.fir()),
                bool(rtcp, "remb", d.remb()), bool(rtcp, "transportCc", d.transportCc()));
    }

    /** Stands in for an extension whose URI could not be read; that path is broken, so nothing checks it. */
    private static final HeaderExtension PLACEHOLDER_EXTENSION = HeaderExtension.MID;

    private HeaderExtensionConfig headerExtension(JsonNode node, String path) {
        Fields extension = object(node, path, HEADER_EXTENSION_FIELDS, "header extension");
        if (extension == null) {
            return new HeaderExtensionConfig(0, PLACEHOLDER_EXTENSION);
        }
        int id = requiredInteger(extension, "id");
        String uriPath = extension.at("uri");
        JsonNode uri = extension.node.get("uri");
        if (uri == null) {
            missing(uriPath);
            return new HeaderExtensionConfig(id, PLACEHOLDER_EXTENSION);
        }
        if (!uri.isTextual()) {
            fail(uriPath, "expected a header extension URI (string), got " + describe(uri));
            return new HeaderExtensionConfig(id, PLACEHOLDER_EXTENSION);
        }
        Optional<HeaderExtension> known = HeaderExtension.byUri(uri.textValue());
        if (known.isEmpty()) {
            String suggestion = closest(uri.textValue(), HeaderExtension.URIS);
            fail(uriPath, "unknown header extension '" + uri.textValue() + "'"
                    + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                    + "; allowed: " + String.join(", ", HeaderExtension.URIS));
            return new HeaderExtensionConfig(id, PLACEHOLDER_EXTENSION);
        }
        return new HeaderExtensionConfig(id, known.get());
    }

    private RemoteConfig remote(Fields participant) {
        String path = participant.at("remote");
        JsonNode node = participant.node.get("remote");
        if (node == null) {
            return brokenRemote(path, "missing required field 'remote' (either {\"address\": ..., \"port\": ...} or {\"comedia\": true})");
        }
        if (!node.isObject()) {
            return brokenRemote(path, "expected an object, {\"address\": ..., \"port\": ...} or {\"comedia\": true}, got " + describe(node));
        }
        if (node.has("comedia")) {
            if (node.has("address") || node.has("port")) {
                return brokenRemote(path, "a remote is either {\"comedia\": true} or a fixed {\"address\", \"port\"}, not both");
            }
            Fields comedia = new Fields(node, path, COMEDIA_REMOTE_FIELDS, "comedia remote");
            JsonNode flag = node.get("comedia");
            if (!flag.isBoolean() || !flag.booleanValue()) {
                return brokenRemote(comedia.at("comedia"),
                        "must be true (a fixed remote gives address and port instead), got " + describe(flag));
            }
            return RemoteConfig.comedia();
        }
        Fields fixed = new Fields(node, path, FIXED_REMOTE_FIELDS, "fixed remote");
        JsonNode addressNode = fixed.node.get("address");
        InetAddress address = null;
        if (addressNode == null) {
            missing(fixed.at("address"));
        } else {
            address = address(addressNode, fixed.at("address"));
        }
        int port = requiredInteger(fixed, "port");
        if (address == null || !trusted(path)) {
            markBroken(path);
            return RemoteConfig.comedia();
        }
        if (port < 0 || port > 65535) {
            // InetSocketAddress cannot hold it; the validator's range check would say the same.
            return brokenRemote(fixed.at("port"), "must be between 1 and 65535, got " + port);
        }
        return RemoteConfig.fixed(address, port);
    }

    private RemoteConfig brokenRemote(String path, String message) {
        fail(path, message);
        return RemoteConfig.comedia();
    }

    private InetAddress address(JsonNode node, String path) {
        if (!node.isTextual()) {
            fail(path, "expected an IP address literal (string), got " + describe(node));
            return null;
        }
        try {
            return IpLiterals.parse(node.textValue());
        } catch (IllegalArgumentException e) {
            fail(path, e.getMessage());
            return null;
        }
    }

    // ---- typed access to one object's fields ----

    /** An object's members, checked against the names it may have. */
    private final class Fields {
        final JsonNode node;
        final String path;

        Fields(JsonNode node, String path, List<String> allowed, String what) {
            this.node = node;
            this.path = path;
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    errors.add(new ConfigError(ConfigPaths.field(path, name), unknownField(name, allowed, what)));
                }
            }
        }

        String at(String name) {
            return ConfigPaths.field(path, name);
        }
    }

    static String unknownField(String name, List<String> allowed, String what) {
        String suggestion = closest(name, allowed);
        return "unknown field '" + name + "' in " + what
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; allowed: " + String.join(", ", allowed);
    }

    private Fields object(JsonNode node, String path, List<String> allowed, String what) {
        if (!node.isObject()) {
            fail(path, "expected an object (" + what + "), got " + describe(node));
            return null;
        }
        return new Fields(node, path, allowed, what);
    }

    private Fields requiredObject(Fields parent, String name, List<String> allowed, String what) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            missing(parent.at(name));
            return null;
        }
        return object(node, parent.at(name), allowed, what);
    }

    private Fields optionalObject(Fields parent, String name, List<String> allowed, String what) {
        JsonNode node = parent.node.get(name);
        return node == null ? null : object(node, parent.at(name), allowed, what);
    }

    private JsonNode array(Fields parent, String name, boolean required) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            if (required) {
                missing(parent.at(name));
            }
            return null;
        }
        if (!node.isArray()) {
            fail(parent.at(name), "expected an array, got " + describe(node));
            return null;
        }
        return node;
    }

    private String requiredString(Fields parent, String name) {
        if (!parent.node.has(name)) {
            missing(parent.at(name));
            return "";
        }
        return string(parent, name, "");
    }

    private String string(Fields parent, String name, String otherwise) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            return otherwise;
        }
        if (!node.isTextual()) {
            fail(parent.at(name), "expected a string, got " + describe(node));
            return otherwise;
        }
        return node.textValue();
    }

    /** A file system path; null if absent, or if it is not a string or not a path (then the JSON path is broken). */
    private Path path(Fields parent, String name) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            fail(parent.at(name), "expected a string, got " + describe(node));
            return null;
        }
        try {
            return Path.of(node.textValue());
        } catch (InvalidPathException e) {
            fail(parent.at(name), "'" + node.textValue() + "' is not a valid path: " + e.getReason());
            return null;
        }
    }

    private int requiredInteger(Fields parent, String name) {
        if (!parent.node.has(name)) {
            missing(parent.at(name));
            return 0;
        }
        return integer(parent, name, 0);
    }

    /** An SSRC: an unsigned 32-bit integer, which an int cannot hold; the validator checks the range. */
    private long requiredSsrc(Fields parent, String name) {
        JsonNode node = parent.node.get(name);
        String path = parent.at(name);
        if (node == null) {
            missing(path);
            return 0;
        }
        if (!node.isNumber() || !(node.isIntegralNumber() || node.canConvertToExactIntegral())) {
            fail(path, "expected an integer, got " + describe(node));
            return 0;
        }
        if (!node.canConvertToLong()) {
            fail(path, "integer " + node.asText() + " is out of range");
            return 0;
        }
        return node.longValue();
    }

    private int integer(Fields parent, String name, int otherwise) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            return otherwise;
        }
        String path = parent.at(name);
        // JSON Schema counts 4096.0 as an integer; so do we, to agree with it.
        if (!node.isNumber() || !(node.isIntegralNumber() || node.canConvertToExactIntegral())) {
            fail(path, "expected an integer, got " + describe(node));
            return otherwise;
        }
        if (!node.canConvertToInt()) {
            fail(path, "integer " + node.asText() + " is out of range");
            return otherwise;
        }
        return node.intValue();
    }

    private boolean bool(Fields parent, String name, boolean otherwise) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            fail(parent.at(name), "expected true or false, got " + describe(node));
            return otherwise;
        }
        return node.booleanValue();
    }

    private <E extends Enum<E> & JsonName> E enumeration(Fields parent, String name, Class<E> type, E otherwise) {
        JsonNode node = parent.node.get(name);
        if (node == null) {
            return otherwise;
        }
        E[] constants = type.getEnumConstants();
        List<String> names = new ArrayList<>();
        for (E constant : constants) {
            if (node.isTextual() && constant.jsonName().equals(node.textValue())) {
                return constant;
            }
            names.add(constant.jsonName());
        }
        String got = node.isTextual() ? "invalid value '" + node.textValue() + "'" : "expected a string, got " + describe(node);
        fail(parent.at(name), got + "; allowed: " + String.join(", ", names));
        return otherwise;
    }

    private <E extends Enum<E> & JsonName> E requiredEnumeration(Fields parent, String name, Class<E> type) {
        if (!parent.node.has(name)) {
            missing(parent.at(name));
            return null;
        }
        return enumeration(parent, name, type, null);
    }

    private void missing(String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        fail(path, "missing required field '" + name + "'");
    }

    private void fail(String path, String message) {
        errors.add(new ConfigError(path, message));
        markBroken(path);
    }

    private void markBroken(String path) {
        broken.add(path);
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> {
                String text = node.textValue();
                yield "string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
            }
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    /** The allowed name a typo most likely meant: within two edits, or differing only in case. */
    static String closest(String name, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = candidate.equalsIgnoreCase(name) ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.min(2, Math.max(1, name.length() / 3)) ? best : null;
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours ("recieve") counting as one. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
