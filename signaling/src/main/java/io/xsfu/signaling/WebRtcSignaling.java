package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xsfu.config.Codec;
import io.xsfu.config.HeaderExtension;
import io.xsfu.route.ProducerSpec;
import io.xsfu.route.TransportOptions;
import io.xsfu.rtp.MediaCodec;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuControl.ConsumerInfo;
import io.xsfu.sfu.SfuControl.ProducerInfo;
import io.xsfu.sfu.SfuControl.TransportInfo;
import io.xsfu.sfu.SfuException;
import io.xsfu.webrtc.WebRtcConductor;
import io.xsfu.webrtc.dtls.DtlsFingerprint;
import io.xsfu.webrtc.sdp.Capabilities;
import io.xsfu.webrtc.sdp.Candidate;
import io.xsfu.webrtc.sdp.CodecSpec;
import io.xsfu.webrtc.sdp.DtlsRole;
import io.xsfu.webrtc.sdp.Fingerprint;
import io.xsfu.webrtc.sdp.IceParameters;
import io.xsfu.webrtc.sdp.LocalStream;
import io.xsfu.webrtc.sdp.LocalTransport;
import io.xsfu.webrtc.sdp.NegotiatedMedia;
import io.xsfu.webrtc.sdp.Negotiation;
import io.xsfu.webrtc.sdp.NegotiationException;
import io.xsfu.webrtc.sdp.OfferAnswer;
import io.xsfu.webrtc.sdp.RemoteSsrc;
import io.xsfu.webrtc.sdp.Sdp;
import io.xsfu.webrtc.sdp.SdpException;
import io.xsfu.webrtc.sdp.SdpParser;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * WebRTC transports through signaling: {@code createTransport {webrtc: true}} (ICE-lite credentials, host
 * candidates and the DTLS fingerprint for the client) and {@code negotiate {sdp, receive}} (the browser's offer
 * answered: what it sends becomes producers, the m-lines it lists in {@code receive} get consumers of the
 * producers it names, its RTP header extensions and RTCP feedback become the transport's options). ICE and DTLS
 * themselves run in the {@link WebRtcConductor}. Control thread only (the conductor's reports are handed to it).
 */
final class WebRtcSignaling implements WebRtcConductor.Events, SfuControl.SfuListener {
    private static final System.Logger LOG = System.getLogger(WebRtcSignaling.class.getName());
    /** The most m-lines a client may ask to receive on in one offer. */
    static final int MAX_RECEIVE = 256;
    /**
     * What xsfu answers with. Simulcast by RID is accepted ({@code a=rid:... recv}, {@code a=simulcast:recv}), with
     * the MID and RID header extensions the browser names its encodings with; copies never carry those (the
     * publisher's m-line and encoding names mean nothing to a subscriber, whose a=ssrc lines tell it where a
     * stream belongs), see {@code TransportOptions.keepMaskFrom}.
     */
    static final Capabilities CAPABILITIES = Capabilities.DEFAULT.withHeaderExtensions(EnumSet.of(
            HeaderExtension.MID, HeaderExtension.RTP_STREAM_ID, HeaderExtension.REPAIRED_RTP_STREAM_ID,
            HeaderExtension.ABS_SEND_TIME, HeaderExtension.TRANSPORT_WIDE_CC, HeaderExtension.SSRC_AUDIO_LEVEL,
            HeaderExtension.VIDEO_ORIENTATION)).withSimulcast(true);

    private final SfuControl sfu;
    private final WebRtcConductor conductor;
    private final Sessions sessions;
    private final ControlThread control;
    private final SecureRandom random = new SecureRandom();
    /** The format of each WebRTC producer, by key, so that a subscriber's m-line gets the same one. */
    private final Map<String, CodecSpec> producerFormats = new HashMap<>();

    /** A session's WebRTC transport. */
    static final class State {
        final int port;
        final OfferAnswer answerer;
        long version;
        /** mid → producer id, for the m-lines the client sends on. */
        final Map<String, String> producers = new LinkedHashMap<>();
        /** mid → the producer key consumed there and the stream placed on it. */
        final Map<String, Placed> consumers = new LinkedHashMap<>();

        State(int port, OfferAnswer answerer) {
            this.port = port;
            this.answerer = answerer;
        }
    }

    record Placed(String producerKey, LocalStream stream) {
    }

    WebRtcSignaling(SfuControl sfu, WebRtcConductor conductor, Sessions sessions, ControlThread control) {
        this.sfu = sfu;
        this.conductor = conductor;
        this.sessions = sessions;
        this.control = control;
    }

    // ---- createTransport {webrtc: true} ---------------------------------------------------------

    ObjectNode createTransport(Session session) {
        TransportInfo info = sfu.createTransport(session.room, session.identity, null,
                TransportOptions.DEFAULT.asWebRtc());
        WebRtcConductor.LocalCredentials credentials = conductor.open(session.room, session.identity, info.port());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < info.addresses().size(); i++) {
            // Host candidates, the first preferred (RFC 8445 §5.1.2: type preference 126, local preference down).
            long priority = (126L << 24) | ((65535L - i) << 8) | 255;
            candidates.add(Candidate.host(Integer.toString(i + 1), priority, info.addresses().get(i), info.port()));
        }
        DtlsFingerprint fingerprint = credentials.fingerprint();
        LocalTransport local = new LocalTransport(new IceParameters(credentials.ufrag(), credentials.pwd(), true),
                candidates, List.of(new Fingerprint(fingerprint.algorithm(), fingerprint.value())), DtlsRole.SERVER);
        session.webrtc = new State(info.port(), new OfferAnswer(local, CAPABILITIES,
                random.nextLong() & Long.MAX_VALUE));

        ObjectNode result = Json.object();
        info.addresses().forEach(result.putArray("addresses")::add);
        result.put("port", info.port());
        ObjectNode ice = result.putObject("ice");
        ice.put("ufrag", credentials.ufrag());
        ice.put("pwd", credentials.pwd());
        ice.put("lite", true);
        ArrayNode list = result.putArray("candidates");
        for (Candidate c : candidates) {
            ObjectNode item = list.addObject();
            item.put("foundation", c.foundation());
            item.put("priority", c.priority());
            item.put("address", c.address());
            item.put("port", c.port());
            item.put("protocol", "udp");
            item.put("type", "host");
        }
        ObjectNode dtls = result.putObject("dtls");
        ObjectNode fp = dtls.putObject("fingerprint");
        fp.put("algorithm", fingerprint.algorithm());
        fp.put("value", fingerprint.value());
        dtls.put("role", "auto");
        return result;
    }

    // ---- negotiate {sdp, receive} -----------------------------------------------------------------

    ObjectNode negotiate(Session session, String sdp, Map<String, String> receive) {
        State state = session.webrtc;
        if (state == null) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "negotiate needs a WebRTC transport: call "
                    + "createTransport {webrtc: true} first");
        }
        Sdp offer;
        try {
            offer = SdpParser.parse(sdp);
        } catch (SdpException e) {
            throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: not SDP xsfu can read: " + e.getMessage());
        }
        if (!receive.isEmpty() && !session.grant.allows(Permission.SUBSCRIBE)) {
            throw new SignalingException(ErrorCode.FORBIDDEN, "receiving needs the subscribe permission, which the "
                    + "token of '" + session.identity + "' does not grant");
        }
        // Streams already placed stay; new ones get a provisional SSRC until their consumer exists.
        Map<String, LocalStream> streams = new LinkedHashMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, String> gone = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : receive.entrySet()) {
            Placed placed = state.consumers.get(e.getKey());
            ProducerInfo producer = producer(session.room, e.getValue());
            if (producer == null) {
                // Closed while the client was making its offer: its m-line is answered inactive.
                gone.put(e.getKey(), "producer '" + Params.clip(e.getValue()) + "' is not in the room (any more)");
            } else if (placed != null && placed.producerKey().equals(e.getValue())) {
                streams.put(e.getKey(), placed.stream());
            } else {
                streams.put(e.getKey(), stream(producer, 1, OptionalLong.empty()));
                added.put(e.getKey(), e.getValue());
            }
        }
        Negotiation first = answer(state, offer, streams);
        boolean publishes = first.media().stream().anyMatch(NegotiatedMedia::receives);
        if (publishes && !session.grant.allows(Permission.PUBLISH)) {
            throw new SignalingException(ErrorCode.FORBIDDEN, "sending needs the publish permission, which the token "
                    + "of '" + session.identity + "' does not grant");
        }
        for (NegotiatedMedia m : first.media()) {
            if (m.receives() && m.remoteSsrcs().isEmpty() && simulcastRids(m).size() < 2
                    && !state.producers.containsKey(m.mid())) {
                throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: m-line " + m.mid() + " sends "
                        + "without a=ssrc lines and without simulcast rids: xsfu cannot tell its stream");
            }
            int rids = simulcastRids(m).size();
            int simSsrcs = m.simulcastGroups().isEmpty() ? 0 : m.remoteSsrcs().size();
            if (m.receives() && (rids >= 2 || simSsrcs >= 2) && !state.producers.containsKey(m.mid())) {
                // Checked before anything changes: a refused offer leaves the transport and its producers as they were.
                if (m.kind() != io.xsfu.config.MediaKind.VIDEO) {
                    throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: m-line " + m.mid()
                            + " offers simulcast for " + m.kind().jsonName() + "; simulcast is for video");
                }
                if (Math.max(rids, simSsrcs) > ProducerSpec.MAX_ENCODINGS) {
                    throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: m-line " + m.mid() + " sends "
                            + Math.max(rids, simSsrcs) + " simulcast encodings; at most " + ProducerSpec.MAX_ENCODINGS);
                }
            }
        }

        sfu.configureTransport(session.room, session.identity, options(first));
        ArrayNode producers = Json.object().arrayNode();
        syncProducers(session, state, first, producers);
        syncConsumers(session, state, first, receive, added);

        Map<String, LocalStream> placed = new LinkedHashMap<>();
        state.consumers.forEach((mid, p) -> placed.put(mid, p.stream()));
        Negotiation answer = answer(state, offer, placed);
        state.version++;
        conductor.negotiated(state.port, answer.remoteIce().ufrag(), answer.remoteFingerprints().stream()
                .map(f -> DtlsFingerprint.parse(f.value())).toList(), io.xsfu.webrtc.dtls.DtlsRole.valueOf(
                answer.dtlsRole().name()));

        ObjectNode result = Json.object();
        result.put("type", "answer");
        result.put("sdp", answer.answerSdp());
        result.set("producers", producers);
        ArrayNode consumers = result.putArray("consumers");
        state.consumers.forEach((mid, p) -> {
            ObjectNode c = consumers.addObject();
            c.put("mid", mid);
            c.put("producer", p.producerKey());
            c.put("ssrc", p.stream().ssrc());
        });
        ArrayNode rejected = result.putArray("rejected");
        answer.rejected().forEach(r -> {
            ObjectNode item = rejected.addObject();
            item.put("mid", r.mid());
            item.put("reason", r.reason());
        });
        answer.unplaced().forEach(r -> {
            ObjectNode item = rejected.addObject();
            item.put("mid", r.mid());
            item.put("reason", r.reason());
        });
        gone.forEach((mid, reason) -> {
            ObjectNode item = rejected.addObject();
            item.put("mid", mid);
            item.put("reason", reason);
        });
        return result;
    }

    private Negotiation answer(State state, Sdp offer, Map<String, LocalStream> streams) {
        try {
            return state.answerer.answer(offer, streams, state.version + 1);
        } catch (NegotiationException e) {
            throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: " + e.getMessage());
        }
    }

    /** The transport's options from what the offer and answer settled on (BUNDLE: one id space for all m-lines). */
    private static TransportOptions options(Negotiation n) {
        boolean nack = false;
        boolean pli = false;
        boolean fir = false;
        boolean rtx = false;
        Map<String, Integer> extensions = new LinkedHashMap<>();
        for (NegotiatedMedia m : n.media()) {
            nack |= m.codec().hasFeedback("nack");
            pli |= m.codec().hasFeedback("nack pli");
            fir |= m.codec().hasFeedback("ccm fir");
            rtx |= m.codec().rtxPayloadType().isPresent();
            m.extensions().forEach(extensions::putIfAbsent);
        }
        return new TransportOptions(nack, pli, fir, rtx && nack, extensions, true);
    }

    /** Producers for the m-lines the client sends on; those it stopped sending on are closed. */
    private void syncProducers(Session session, State state, Negotiation n, ArrayNode out) {
        Map<String, NegotiatedMedia> sending = new LinkedHashMap<>();
        n.media().stream().filter(NegotiatedMedia::receives).forEach(m -> sending.put(m.mid(), m));
        for (var it = state.producers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!sending.containsKey(e.getKey())) {
                it.remove();
                closeProducer(session, e.getValue());
            }
        }
        for (NegotiatedMedia m : sending.values()) {
            if (state.producers.containsKey(m.mid())) {
                continue;
            }
            String id = m.kind().jsonName() + "-" + m.mid();
            ProducerSpec spec = spec(id, m);
            if (!Ids.valid(id)) {
                throw new SignalingException(ErrorCode.INVALID_PARAMS, "params.sdp: mid " + Params.clip(m.mid())
                        + " cannot name a producer (" + Ids.RULE + ")");
            }
            producerFormats.put(session.identity + "/" + id, m.codec().spec());
            ProducerInfo info = sfu.produce(session.room, session.identity, spec);
            state.producers.put(m.mid(), id);
            ObjectNode p = Json.producer(info);
            p.put("mid", m.mid());
            out.add(p);
        }
    }

    /**
     * The producer an m-line the client sends on makes: one stream by its SSRC; simulcast by SSRC (an
     * {@code a=ssrc-group:SIM}, lowest first); or simulcast by RID ({@code a=simulcast:send}, in its order, which the
     * page lists lowest first), whose SSRCs the agent learns from the packets' rtp-stream-id.
     */
    private static ProducerSpec spec(String id, NegotiatedMedia m) {
        MediaCodec codec = MediaCodec.valueOf(m.codec().codec().name());
        java.util.OptionalInt rtxPt = m.codec().rtxPayloadType();
        List<RemoteSsrc> ssrcs = m.remoteSsrcs();
        if (simulcastRids(m).size() >= 2) {
            // By RID, even when the offer also lists SSRCs (Firefox does): which SSRC is which encoding is only
            // certain from the rtp-stream-id of the packets.
            ProducerSpec spec = ProducerSpec.of(id, codec, m.codec().payloadType(), m.codec().clockRate(), 0);
            if (rtxPt.isPresent()) {
                spec = spec.withRtx(rtxPt.getAsInt(), 0);
            }
            return spec.withSimulcast(simulcastRids(m).stream()
                    .map(rid -> new ProducerSpec.Encoding(rid, 0, 0, 0)).toList());
        }
        RemoteSsrc first = ssrcs.getFirst();
        ProducerSpec spec = ProducerSpec.of(id, codec, m.codec().payloadType(), m.codec().clockRate(),
                (int) first.ssrc());
        boolean rtx = rtxPt.isPresent() && ssrcs.stream().allMatch(s -> s.rtxSsrc().isPresent());
        if (rtx) {
            spec = spec.withRtx(rtxPt.getAsInt(), (int) first.rtxSsrc().getAsLong());
        }
        if (ssrcs.size() > 1 && !m.simulcastGroups().isEmpty()) {
            // By SSRC: an a=ssrc-group:SIM gives the encodings in order, lowest first (checked above: video, <= 4).
            spec = spec.withSimulcast(ssrcs.stream().map(s -> new ProducerSpec.Encoding(null, (int) s.ssrc(),
                    rtx ? (int) s.rtxSsrc().getAsLong() : 0, 0)).toList());
        }
        return spec;
    }

    /** The rids of a rid-based simulcast offer that the answer accepted, in the offer's a=simulcast order. */
    static List<String> simulcastRids(NegotiatedMedia m) {
        if (m.simulcast().isEmpty()) {
            return List.of();
        }
        java.util.Set<String> declared = new java.util.HashSet<>();
        m.rids().forEach(r -> declared.add(r.id()));
        return m.simulcast().get().sendRids().stream().filter(declared::contains).distinct().toList();
    }

    private void closeProducer(Session session, String id) {
        try {
            sfu.closeProducer(session.room, session.identity, id);
        } catch (SfuException e) {
            if (e.code() != SfuException.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Consumers for the receive list: new ones made (with the payload types the answer chose), others closed. */
    private void syncConsumers(Session session, State state, Negotiation n, Map<String, String> receive,
                               Map<String, String> added) {
        for (var it = state.consumers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            boolean kept = e.getValue().producerKey().equals(receive.get(e.getKey()))
                    && n.media(e.getKey()).filter(NegotiatedMedia::sends).isPresent();
            if (!kept) {
                it.remove();
                try {
                    sfu.closeConsumer(session.room, session.identity, e.getValue().producerKey());
                } catch (SfuException ex) {
                    if (ex.code() != SfuException.Code.NOT_FOUND) {
                        throw ex;
                    }
                }
            }
        }
        for (Map.Entry<String, String> e : added.entrySet()) {
            NegotiatedMedia m = n.media(e.getKey()).filter(NegotiatedMedia::sends).orElse(null);
            if (m == null) {
                continue; // rejected or unplaced: the result says why
            }
            int rtxPayloadType = m.codec().rtxPayloadType().orElse(-1);
            ConsumerInfo c = sfu.consume(session.room, session.identity, e.getValue(), false, m.codec().payloadType(),
                    rtxPayloadType);
            ProducerInfo producer = producer(session.room, e.getValue());
            if (producer == null) {
                continue;
            }
            state.consumers.put(e.getKey(), new Placed(e.getValue(), stream(producer, c.ssrc(),
                    c.rtxSsrc() >= 0 ? OptionalLong.of(c.rtxSsrc()) : OptionalLong.empty())));
        }
    }

    /** The producer {@code key} of {@code room}, or null. */
    private ProducerInfo producer(String room, String key) {
        return sfu.rooms().stream().filter(r -> r.id().equals(room)).flatMap(r -> r.participants().stream())
                .flatMap(p -> p.producers().stream()).filter(p -> p.key().equals(key)).findFirst().orElse(null);
    }

    private LocalStream stream(ProducerInfo producer, long ssrc, OptionalLong rtxSsrc) {
        CodecSpec format = producerFormats.get(producer.key());
        if (format == null) {
            Codec codec = Codec.valueOf(producer.codec());
            format = switch (codec) {
                case OPUS -> CodecSpec.OPUS;
                case VP8 -> CodecSpec.VP8;
                case VP9 -> CodecSpec.VP9;
                case H264 -> CodecSpec.H264;
            };
        }
        String track = producer.key().replace('/', '-');
        return new LocalStream(ssrc, rtxSsrc, producer.participant(), producer.participant(), track, format);
    }

    @Override
    public void producerClosed(String room, String producerKey) {
        control.execute(() -> producerFormats.remove(producerKey));
    }

    /** Its WebRTC transport (if any) went with the participant: ICE and DTLS end. */
    @Override
    public void participantLeft(String room, String participant) {
        conductor.close(room, participant);
    }

    // ---- the conductor's reports (its threads) ---------------------------------------------------

    @Override
    public void connected(String room, String participant, int port, String srtpProfile) {
        control.execute(() -> {
            Session session = sessions.find(room, participant);
            if (session != null && session.webrtc != null && session.webrtc.port == port
                    && session.connection != null) {
                ObjectNode data = Json.object();
                data.put("port", port);
                data.put("srtpProfile", srtpProfile);
                session.connection.send(Json.event("transportConnected", data));
            }
        });
    }

    @Override
    public void failed(String room, String participant, int port, String reason) {
        control.execute(() -> {
            Session session = sessions.find(room, participant);
            if (session == null || session.webrtc == null || session.webrtc.port != port) {
                return;
            }
            session.webrtc = null;
            try {
                sfu.closeTransport(room, participant);
            } catch (SfuException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: closing the failed transport: {1}", session, e.getMessage());
            }
            if (session.connection != null) {
                ObjectNode data = Json.object();
                data.put("port", port);
                data.put("reason", reason);
                session.connection.send(Json.event("transportFailed", data));
            }
        });
    }
}
