package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.config.Codec;
import io.xsfu.config.HeaderExtension;
import io.xsfu.config.HeaderExtensionConfig;
import io.xsfu.config.ProducerConfig;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ParticipantView;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import io.xsfu.sfu.SfuControl.TransportInfo;
import io.xsfu.srtp.SrtpParameters;
import io.xsfu.srtp.SrtpProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The protocol's methods: each validates every parameter (type and range, with the field's path in the
 * message), checks the session and the token's permissions, then makes one {@link SfuControl} call and shapes
 * its answer. Nothing changes when a request is refused. Control thread only.
 */
final class RequestHandler {
    static final List<String> METHODS = List.of("join", "createTransport", "negotiate", "produce", "consume",
            "pauseConsumer", "resumeConsumer", "setPreferredLayers", "closeProducer", "leave");
    /** The largest SDP offer accepted (a browser's with dozens of m-lines is well below). */
    static final int MAX_SDP_CHARS = 256 * 1024;
    private static final Pattern MID = Pattern.compile("[\\x21-\\x7e]{1,32}");
    /** Spatial layers: up to three simulcast encodings or SVC spatial layers, as browsers send. */
    static final int MAX_SPATIAL_LAYER = 2;
    /** Temporal layers: up to four (VP8/VP9 L1T4). */
    static final int MAX_TEMPORAL_LAYER = 3;
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int MAX_HEADER_EXTENSIONS = 16;
    /** Where the SFU's SRTP keys for plain transports come from. */
    private static final SecureRandom KEYS = new SecureRandom();
    /** The SFU names consumers; any printable ASCII id of reasonable length is accepted and looked up. */
    private static final Pattern CONSUMER_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final SfuControl sfu;
    private final Tokens tokens;
    private final Sessions sessions;
    private final WebRtcSignaling webrtc;

    RequestHandler(SfuControl sfu, Tokens tokens, Sessions sessions) {
        this(sfu, tokens, sessions, null);
    }

    /** {@code webrtc} null: the server has no WebRTC (createTransport {webrtc: true} and negotiate are refused). */
    RequestHandler(SfuControl sfu, Tokens tokens, Sessions sessions, WebRtcSignaling webrtc) {
        this.sfu = sfu;
        this.tokens = tokens;
        this.sessions = sessions;
        this.webrtc = webrtc;
    }

    /** The result of {@code request} for {@code connection}; a refusal is thrown as a {@link SignalingException}. */
    ObjectNode handle(ClientConnection connection, Request request) {
        String method = request.method();
        if (!METHODS.contains(method)) {
            throw new SignalingException(ErrorCode.UNKNOWN_METHOD, "unknown method '" + Params.clip(method)
                    + "' (methods: " + String.join(", ", METHODS) + ")");
        }
        Params params = Params.of(request);
        if (method.equals("join")) {
            return join(connection, params);
        }
        Session session = connection.session;
        if (session == null) {
            throw new SignalingException(ErrorCode.NOT_JOINED, "join first: " + method + " needs a participant");
        }
        return switch (method) {
            case "createTransport" -> createTransport(session, params);
            case "negotiate" -> negotiate(session, params);
            case "produce" -> produce(session, params);
            case "consume" -> consume(session, params);
            case "pauseConsumer" -> setPaused(session, params, true);
            case "resumeConsumer" -> setPaused(session, params, false);
            case "setPreferredLayers" -> setPreferredLayers(session, params);
            case "closeProducer" -> closeProducer(session, params);
            case "leave" -> leave(session, params);
            default -> throw new IllegalStateException(method);
        };
    }

    private ObjectNode join(ClientConnection connection, Params params) {
        params.allow("room", "token");
        String room = params.id("room");
        String token = params.string("token", MAX_TOKEN_LENGTH);
        if (connection.session != null) {
            throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection has joined room '"
                    + connection.session.room + "' as '" + connection.session.identity + "'; leave first");
        }
        Grant grant;
        try {
            grant = tokens.verify(token);
        } catch (TokenException e) {
            throw new SignalingException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        if (!grant.room().equals(room)) {
            throw new SignalingException(ErrorCode.UNAUTHORIZED, "the token is for room '" + grant.room()
                    + "', not '" + room + "'");
        }
        return sessions.join(connection, grant);
    }

    private ObjectNode createTransport(Session session, Params params) {
        params.allow("remote", "comedia", "rtcp", "rtx", "headerExtensions", "srtp", "webrtc");
        if (params.bool("webrtc", false)) {
            for (String plain : List.of("remote", "comedia", "rtcp", "rtx", "headerExtensions", "srtp")) {
                if (params.has(plain)) {
                    throw params.invalid(plain, "is for plain-RTP transports; a WebRTC transport negotiates it in SDP");
                }
            }
            if (webrtc == null) {
                throw new SignalingException(ErrorCode.UNAVAILABLE, "this server does not run WebRTC transports");
            }
            return webrtc.createTransport(session);
        }
        Optional<Params> remoteParams = params.object("remote");
        boolean comedia = params.bool("comedia", remoteParams.isEmpty());
        if (comedia && remoteParams.isPresent()) {
            throw params.invalid("comedia", "true, but a remote is given: the remote is either fixed or learned");
        }
        if (!comedia && remoteParams.isEmpty()) {
            throw params.invalid("remote", "required when comedia is false");
        }
        InetSocketAddress remote = remoteParams.map(RequestHandler::remote).orElse(null);
        TransportOptions defaults = TransportOptions.DEFAULT;
        Params rtcp = params.object("rtcp").map(p -> p.allow("nack", "pli", "fir")).orElse(null);
        boolean nack = rtcp == null ? defaults.nack() : rtcp.bool("nack", defaults.nack());
        boolean pli = rtcp == null ? defaults.pli() : rtcp.bool("pli", defaults.pli());
        boolean fir = rtcp == null ? defaults.fir() : rtcp.bool("fir", defaults.fir());
        boolean rtx = params.bool("rtx", defaults.rtx());
        if (rtx && !nack) {
            throw params.invalid("rtx", "true needs rtcp.nack: retransmissions are the answer to NACKs");
        }
        Map<String, Integer> extensions = headerExtensions(params);
        TransportOptions options = new TransportOptions(nack, pli, fir, rtx, extensions);
        SrtpParameters srtp = params.object("srtp").map(RequestHandler::srtp).orElse(null);
        TransportInfo transport = sfu.createTransport(session.room, session.identity, remote,
                srtp == null ? options : options.withSrtp(srtp));
        ObjectNode result = Json.object();
        transport.addresses().forEach(result.putArray("addresses")::add);
        result.put("port", transport.port());
        if (srtp != null) {
            // What the client decrypts the SFU's packets with: the only time this key leaves the server.
            result.putObject("srtp").put("cryptoSuite", srtp.profile().name())
                    .put("keyBase64", Base64.getEncoder().encodeToString(srtp.sendKey()));
        }
        return result;
    }

    /**
     * A plain transport's SRTP, mediasoup style: the client's suite and key (what it sends with, so what the SFU
     * receives with), and a fresh random key of the SFU's for the other direction. SecureRandom reads the
     * kernel's non-blocking pool: it never waits on the event loop. Messages do not repeat a key that looks like one.
     */
    private static SrtpParameters srtp(Params srtp) {
        srtp.allow("cryptoSuite", "keyBase64");
        String suite = srtp.string("cryptoSuite", 32);
        SrtpProfile profile = Arrays.stream(SrtpProfile.values()).filter(p -> p.name().equals(suite)).findFirst()
                .orElseThrow(() -> srtp.invalid("cryptoSuite", "must be one of " + Arrays.stream(SrtpProfile.values())
                        .map(Enum::name).collect(Collectors.joining(", ")) + ", got \"" + Params.clip(suite) + "\""));
        int length = SrtpParameters.keyLength(profile);
        String what = "base64 of the " + length + "-byte master key and salt of " + profile.name();
        byte[] clientKey;
        try {
            clientKey = Base64.getDecoder().decode(srtp.string("keyBase64", 64));
        } catch (IllegalArgumentException e) {
            throw srtp.invalid("keyBase64", "must be " + what + " (standard alphabet, no spaces)");
        }
        if (clientKey.length != length) {
            throw srtp.invalid("keyBase64", "must be " + what + ", got " + clientKey.length + " bytes");
        }
        byte[] sfuKey = new byte[length];
        KEYS.nextBytes(sfuKey);
        return new SrtpParameters(profile, clientKey, sfuKey);
    }

    private ObjectNode negotiate(Session session, Params params) {
        params.allow("sdp", "receive", "type");
        if (webrtc == null) {
            throw new SignalingException(ErrorCode.UNAVAILABLE, "this server does not run WebRTC transports");
        }
        if (params.has("type") && !params.string("type", 16).equals("offer")) {
            throw params.invalid("type", "must be \"offer\": the client offers and xsfu answers");
        }
        String sdp = params.string("sdp", MAX_SDP_CHARS);
        Map<String, String> receive = new LinkedHashMap<>();
        for (Params item : params.objects("receive", WebRtcSignaling.MAX_RECEIVE)) {
            item.allow("mid", "producer");
            String mid = item.string("mid", 32);
            if (!MID.matcher(mid).matches()) {
                throw item.invalid("mid", "must be an SDP mid (1 to 32 visible ASCII characters)");
            }
            String key = item.string("producer", 129);
            int slash = key.indexOf('/');
            if (slash < 0 || !Ids.valid(key.substring(0, slash)) || !Ids.valid(key.substring(slash + 1))) {
                throw item.invalid("producer", "must be \"participant/producer\" (two ids), got \""
                        + Params.clip(key) + "\"");
            }
            if (key.startsWith(session.identity + "/")) {
                throw item.invalid("producer", "is this participant's own producer");
            }
            if (receive.putIfAbsent(mid, key) != null) {
                throw item.invalid("mid", "mid " + mid + " is listed twice");
            }
        }
        if (receive.values().stream().distinct().count() != receive.size()) {
            throw params.invalid("receive", "names a producer twice: one m-line per producer");
        }
        return webrtc.negotiate(session, sdp, receive);
    }

    private static InetSocketAddress remote(Params remote) {
        remote.allow("address", "port");
        String literal = remote.string("address", 64);
        InetAddress address = IpLiteral.parse(literal).orElseThrow(() -> remote.invalid("address",
                "must be an IPv4 or IPv6 address literal (not a host name), got \"" + Params.clip(literal) + "\""));
        String unusable = IpLiteral.unusable(address);
        if (unusable != null) {
            throw remote.invalid("address", literal + " " + unusable);
        }
        int port = remote.integer("port", 1, 65535);
        return new InetSocketAddress(address, port);
    }

    private static Map<String, Integer> headerExtensions(Params params) {
        Map<String, Integer> byUri = new LinkedHashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        List<Params> items = params.objects("headerExtensions", MAX_HEADER_EXTENSIONS);
        for (Params item : items) {
            item.allow("id", "uri");
            int id = item.integer("id", HeaderExtensionConfig.MIN_ID, HeaderExtensionConfig.MAX_ID);
            String uri = item.string("uri", 256);
            if (HeaderExtension.byUri(uri).isEmpty()) {
                throw item.invalid("uri", "unknown header extension \"" + Params.clip(uri) + "\" (known: "
                        + String.join(", ", HeaderExtension.URIS) + ")");
            }
            if (byId.putIfAbsent(id, uri) != null) {
                throw item.invalid("id", "id " + id + " is also used by " + byId.get(id));
            }
            if (byUri.putIfAbsent(uri, id) != null) {
                throw item.invalid("uri", uri + " is listed twice");
            }
        }
        return byUri;
    }

    private ObjectNode produce(Session session, Params params) {
        params.allow("id", "kind", "codec", "payloadType", "clockRate", "ssrc", "rtx", "encodings");
        require(session, Permission.PUBLISH, "produce");
        String id = params.id("id");
        String kind = params.string("kind", 16);
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw params.invalid("kind", "must be \"audio\" or \"video\", got \"" + Params.clip(kind) + "\"");
        }
        String codecName = params.string("codec", 16);
        Codec codec = Codec.byName(codecName).orElseThrow(() -> params.invalid("codec",
                "must be one of " + String.join(", ", Codec.NAMES) + ", got \"" + Params.clip(codecName) + "\""));
        if (!codec.kind().jsonName().equals(kind)) {
            throw params.invalid("kind", codec.jsonName() + " is " + codec.kind().jsonName() + ", not " + kind);
        }
        OptionalInt clockRate = params.optionalInteger("clockRate", 1, Integer.MAX_VALUE);
        if (clockRate.isPresent() && clockRate.getAsInt() != codec.clockRate()) {
            throw params.invalid("clockRate", "must be " + codec.clockRate() + " for " + codec.jsonName()
                    + " (its payload format fixes it), got " + clockRate.getAsInt());
        }
        int payloadType = params.integer("payloadType", ProducerConfig.MIN_PAYLOAD_TYPE, ProducerConfig.MAX_PAYLOAD_TYPE);
        long ssrc = params.integer("ssrc", ProducerConfig.MIN_SSRC, ProducerConfig.MAX_SSRC);
        ProducerSpec spec = ProducerSpec.of(id, MediaCodec.valueOf(codec.name()), payloadType, codec.clockRate(),
                (int) ssrc);
        Optional<Params> rtxParams = params.object("rtx");
        if (rtxParams.isPresent()) {
            Params rtx = rtxParams.get().allow("payloadType", "ssrc");
            int rtxPayloadType = rtx.integer("payloadType", ProducerConfig.MIN_PAYLOAD_TYPE,
                    ProducerConfig.MAX_PAYLOAD_TYPE);
            if (rtxPayloadType == payloadType) {
                throw rtx.invalid("payloadType", "must differ from the media payload type " + payloadType);
            }
            long rtxSsrc = rtx.integer("ssrc", ProducerConfig.MIN_SSRC, ProducerConfig.MAX_SSRC);
            if (rtxSsrc == ssrc) {
                throw rtx.invalid("ssrc", "must differ from the media ssrc " + ssrc);
            }
            spec = spec.withRtx(rtxPayloadType, (int) rtxSsrc);
        }
        if (params.has("encodings")) {
            spec = spec.withSimulcast(encodings(params, spec, codec));
        }
        ProducerInfo producer = sfu.produce(session.room, session.identity, spec);
        return Json.producer(producer);
    }

    /**
     * Simulcast: {@code encodings} lists every encoding lowest first, the first being the producer's {@code ssrc}
     * (and {@code rtx.ssrc}); each has its own SSRC, its RTX SSRC when the producer has RTX, optionally a rid and the
     * bitrate the publisher keeps it under.
     */
    private static List<ProducerSpec.Encoding> encodings(Params params, ProducerSpec spec, Codec codec) {
        if (codec.kind() != io.xsfu.config.MediaKind.VIDEO) {
            throw params.invalid("encodings", "simulcast is for video; " + codec.jsonName() + " is audio");
        }
        List<Params> items = params.objects("encodings", ProducerSpec.MAX_ENCODINGS);
        if (items.size() < 2) {
            throw params.invalid("encodings", "simulcast needs 2 to " + ProducerSpec.MAX_ENCODINGS
                    + " encodings, lowest first; got " + items.size());
        }
        List<ProducerSpec.Encoding> encodings = new java.util.ArrayList<>();
        java.util.Set<String> rids = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Params e = items.get(i).allow("rid", "ssrc", "rtxSsrc", "maxBitrate");
            long ssrc = e.integer("ssrc", ProducerConfig.MIN_SSRC, ProducerConfig.MAX_SSRC);
            if (i == 0 && ssrc != Integer.toUnsignedLong(spec.ssrc())) {
                throw e.invalid("ssrc", "the first (lowest) encoding is the producer's own stream: must be "
                        + Integer.toUnsignedLong(spec.ssrc()) + ", got " + ssrc);
            }
            long rtxSsrc = 0;
            if (spec.hasRtx()) {
                rtxSsrc = e.integer("rtxSsrc", ProducerConfig.MIN_SSRC, ProducerConfig.MAX_SSRC);
                if (i == 0 && rtxSsrc != Integer.toUnsignedLong(spec.rtxSsrc())) {
                    throw e.invalid("rtxSsrc", "the first encoding's RTX stream is the producer's: must be "
                            + Integer.toUnsignedLong(spec.rtxSsrc()) + ", got " + rtxSsrc);
                }
            } else if (e.has("rtxSsrc")) {
                throw e.invalid("rtxSsrc", "the producer has no rtx");
            }
            String rid = null;
            if (e.has("rid")) {
                rid = e.string("rid", 16);
                if (!rid.matches("[A-Za-z0-9]{1,16}") || !rids.add(rid)) {
                    throw e.invalid("rid", "must be 1 to 16 letters or digits, unique in the producer");
                }
            }
            long maxBitrate = e.has("maxBitrate") ? e.integer("maxBitrate", 0L, 10_000_000_000L) : 0;
            encodings.add(new ProducerSpec.Encoding(rid, (int) ssrc, (int) rtxSsrc, maxBitrate));
        }
        return encodings;
    }

    private ObjectNode consume(Session session, Params params) {
        params.allow("producer", "paused", "payloadType");
        require(session, Permission.SUBSCRIBE, "consume");
        String key = params.string("producer", 129);
        int slash = key.indexOf('/');
        if (slash < 0 || !Ids.valid(key.substring(0, slash)) || !Ids.valid(key.substring(slash + 1))) {
            throw params.invalid("producer", "must be \"participant/producer\" (two ids), got \"" + Params.clip(key) + "\"");
        }
        boolean paused = params.bool("paused", false);
        OptionalInt payloadType = params.optionalInteger("payloadType", ProducerConfig.MIN_PAYLOAD_TYPE,
                ProducerConfig.MAX_PAYLOAD_TYPE);
        ConsumerInfo consumer = sfu.consume(session.room, session.identity, key, paused, payloadType.orElse(-1));
        return Json.consumer(consumer);
    }

    private ObjectNode setPaused(Session session, Params params, boolean paused) {
        params.allow("consumer");
        String consumer = consumerId(params);
        sfu.setConsumerPaused(session.room, session.identity, consumer, paused);
        ObjectNode result = Json.object();
        result.put("consumer", consumer);
        result.put("paused", paused);
        return result;
    }

    private ObjectNode setPreferredLayers(Session session, Params params) {
        params.allow("consumer", "spatialLayer", "temporalLayer");
        String consumer = consumerId(params);
        int spatial = params.integer("spatialLayer", 0, MAX_SPATIAL_LAYER);
        int temporal = params.integer("temporalLayer", 0, MAX_TEMPORAL_LAYER);
        ParticipantView self = Views.participant(sfu.rooms(), session.room, session.identity).orElse(null);
        if (self == null || self.consumers().stream().noneMatch(c -> c.id().equals(consumer))) {
            throw new SignalingException(ErrorCode.NOT_FOUND, "no consumer '" + consumer + "' of '" + session.identity + "'");
        }
        // Preferences of consumers that are gone (their producer closed) are dropped here, so they cannot pile up.
        session.preferredLayers.keySet().retainAll(self.consumers().stream().map(ConsumerInfo::id).toList());
        sfu.setPreferredLayers(session.room, session.identity, consumer, spatial, temporal);
        session.preferredLayers.put(consumer, new Session.Layers(spatial, temporal));
        ObjectNode result = Json.object();
        result.put("consumer", consumer);
        result.put("spatialLayer", spatial);
        result.put("temporalLayer", temporal);
        // The allocator caps the consumer at these from its next round (a simulcast producer's consumer; others
        // have one encoding, and temporal layers only where the codec's descriptor marks them).
        result.put("applied", true);
        return result;
    }

    private ObjectNode closeProducer(Session session, Params params) {
        params.allow("producer");
        String producer = params.id("producer");
        sfu.closeProducer(session.room, session.identity, producer);
        ObjectNode result = Json.object();
        result.put("producer", producer);
        return result;
    }

    private ObjectNode leave(Session session, Params params) {
        params.allow();
        sessions.leave(session);
        return Json.object();
    }

    private static String consumerId(Params params) {
        String consumer = params.string("consumer", 128);
        if (!CONSUMER_ID.matcher(consumer).matches()) {
            throw params.invalid("consumer", "must be a consumer id (printable ASCII, no spaces), got \""
                    + Params.clip(consumer) + "\"");
        }
        return consumer;
    }

    private static void require(Session session, Permission permission, String method) {
        if (!session.grant.allows(permission)) {
            throw new SignalingException(ErrorCode.FORBIDDEN, method + " needs the " + permission.claim()
                    + " permission, which the token of '" + session.identity + "' does not grant");
        }
    }
}
