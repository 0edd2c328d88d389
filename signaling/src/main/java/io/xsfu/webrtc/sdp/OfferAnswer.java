package io.xsfu.webrtc.sdp;

import io.xsfu.config.MediaKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.stream.Collectors;

/**
 * The SFU as answerer (RFC 3264, RFC 8829): the browser always offers, on one transport (BUNDLE, rtcp-mux), and
 * this turns its offer into the answer and a {@link Negotiation}. Immutable: one per WebRTC transport, called
 * again with each renegotiation's offer and a higher session version.
 *
 * <p>Per m-line of the offer, in order:
 * <ul>
 * <li>Rejected (port 0, listed in {@link Negotiation#rejected()}) when: the offer stopped it (port 0); it is
 *     not audio or video; its protocol is not {@code UDP/TLS/RTP/SAVPF}; it has no mid; it is not in the offer's
 *     first BUNDLE group (or, with no group, it is not the first m-line: there is one transport); it has no
 *     {@code a=rtcp-mux}; no offered codec matches.</li>
 * <li>Otherwise accepted, in the answer's BUNDLE group. The SFU receives if the offer sends; it sends if the
 *     offer receives and the caller placed a {@link LocalStream} on that mid. The answer's direction follows:
 *     offer sendonly → recvonly; offer recvonly with a stream → sendonly with the stream's {@code a=msid},
 *     {@code a=ssrc} and {@code a=ssrc-group:FID}; offer recvonly without → inactive; sendrecv → both.</li>
 * <li>One codec per m-line, with the offer's payload type and fmtp: the one matching the placed stream's format,
 *     else the first the offer lists that {@link Capabilities} supports; plus its RTX payload type. The answer
 *     names only that one so that the client cannot switch to a codec the SFU's consumers do not expect.</li>
 * <li>{@code a=rtcp-fb} and {@code a=extmap}: the offer's, for what both support, with the offer's ids.
 *     {@code a=rtcp-rsize} is echoed; {@code a=extmap-allow-mixed} is not (one-byte extensions only).</li>
 * </ul>
 * ICE and DTLS parameters come from the BUNDLE-tag m-line (the first accepted one in the group's order), or the
 * session level. DTLS role: {@code actpass} → the transport's preferred role; {@code active} (or no
 * {@code a=setup}, RFC 4145's default) → SERVER; {@code passive} → CLIENT.
 */
public final class OfferAnswer {
    public static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";
    /** The port and address of an m-line whose candidates are elsewhere (RFC 8840 §4.1.1). */
    private static final int DISCARD_PORT = 9;
    private static final String ANY_ADDRESS = "0.0.0.0";

    private final LocalTransport local;
    private final Capabilities capabilities;
    private final long sessionId;

    /**
     * @param sessionId the answer's {@code o=} session id, the same for every answer of this transport
     */
    public OfferAnswer(LocalTransport local, Capabilities capabilities, long sessionId) {
        if (local == null || capabilities == null) {
            throw new IllegalArgumentException("an answerer needs a local transport and capabilities");
        }
        Syntax.range(sessionId, 0, Long.MAX_VALUE, "session id");
        this.local = local;
        this.capabilities = capabilities;
        this.sessionId = sessionId;
    }

    /**
     * Parses and answers an offer.
     *
     * @throws SdpException         the text is not SDP xsfu can read
     * @throws NegotiationException the offer cannot be answered
     */
    public Negotiation answer(String offer, Map<String, LocalStream> streams, long sessionVersion) {
        return answer(SdpParser.parse(offer), streams, sessionVersion);
    }

    /**
     * @param streams        mid → the stream the SFU sends there; each mid must be an m-line on which the offer
     *                       receives
     * @param sessionVersion the answer's {@code o=} version: higher with each renegotiation
     * @throws NegotiationException the offer cannot be answered
     */
    public Negotiation answer(Sdp offer, Map<String, LocalStream> streams, long sessionVersion) {
        Syntax.range(sessionVersion, 0, Long.MAX_VALUE, "session version");
        Map<String, Integer> indexByMid = midIndex(offer);
        for (String mid : streams.keySet()) {
            if (!indexByMid.containsKey(mid)) {
                throw new NegotiationException("a stream is placed on mid " + Syntax.quote(mid)
                        + ", which the offer has no m-line for");
            }
        }
        Optional<Group> bundle = offer.bundle();
        SequencedSet<String> bundled = new LinkedHashSet<>(bundle.map(Group::mids).orElse(List.of()));
        for (String mid : bundled) {
            if (!indexByMid.containsKey(mid)) {
                throw new NegotiationException("a=group:BUNDLE names mid " + Syntax.quote(mid)
                        + ", which no m-line has");
            }
        }

        List<Rejection> rejected = new ArrayList<>();
        List<Rejection> unplaced = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        boolean acceptedUnbundled = false;
        for (int i = 0; i < offer.media().size(); i++) {
            MediaSection section = offer.media().get(i);
            String mid = section.mid().orElse("");
            LocalStream stream = streams.get(mid);
            String reason = structuralRejection(section, bundle.isPresent(), bundled, acceptedUnbundled);
            Plan plan = null;
            if (reason != null) {
                if (stream != null) {
                    unplaced.add(new Rejection(i, mid, "its m-line is rejected: " + reason));
                }
            } else {
                // A stream whose codec the client lacks is reported as unplaced by plan().
                plan = plan(offer, section, i, mid, stream, unplaced);
                if (plan == null) {
                    reason = "no codec in common: the offer has " + offeredCodecs(section) + "; xsfu supports "
                            + capabilities.codecs().stream().filter(c -> c.kind() == kind(section))
                                    .map(CodecSpec::toString).collect(Collectors.joining(", "));
                }
            }
            if (reason != null) {
                rejected.add(new Rejection(i, mid, reason));
            } else {
                acceptedUnbundled |= bundle.isEmpty();
            }
            plans.add(plan);
        }
        List<Plan> accepted = plans.stream().filter(p -> p != null).toList();
        if (accepted.isEmpty()) {
            throw new NegotiationException("the offer has no m-line xsfu can accept: " + rejected.stream()
                    .map(r -> "m-line " + r.index() + " " + r.reason()).collect(Collectors.joining("; ")));
        }

        Plan tag = bundleTag(bundled, accepted);
        IceParameters remoteIce = remoteIce(offer, tag.section);
        if (remoteIce.lite() && local.ice().lite()) {
            throw new NegotiationException("both sides are ICE-lite: neither would check connectivity");
        }
        List<Fingerprint> remoteFingerprints = tag.section.all(Fingerprint.class);
        if (remoteFingerprints.isEmpty()) {
            remoteFingerprints = offer.all(Fingerprint.class);
        }
        if (remoteFingerprints.isEmpty()) {
            throw new NegotiationException("the offer has no a=fingerprint: DTLS could not authenticate the client");
        }
        DtlsRole role = dtlsRole(tag.section.first(Setup.class).or(() -> offer.first(Setup.class))
                .orElse(Setup.ACTIVE));

        List<MediaSection> answerMedia = new ArrayList<>();
        List<NegotiatedMedia> negotiated = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            if (plan == null) {
                answerMedia.add(rejectedSection(offer.media().get(i)));
            } else {
                answerMedia.add(acceptedSection(plan, role));
                negotiated.add(negotiated(plan));
            }
        }
        Sdp answer = new Sdp(Origin.of(sessionId, sessionVersion), "-", Timing.UNBOUNDED, null, List.of(),
                sessionAttributes(bundle.isPresent(), bundled, accepted), answerMedia);
        return new Negotiation(answer, remoteIce, remoteFingerprints, role, negotiated, rejected, unplaced);
    }

    /** An accepted m-line, decided but not yet written. */
    private record Plan(int index, MediaSection section, String mid, MediaKind kind, Direction direction,
            Rtpmap codec, CodecSpec format, Optional<Rtpmap> rtx, List<RtcpFb> feedback, List<Extmap> extmaps,
            LocalStream stream) {}

    private static Map<String, Integer> midIndex(Sdp offer) {
        Map<String, Integer> indexByMid = new HashMap<>();
        for (int i = 0; i < offer.media().size(); i++) {
            Optional<String> mid = offer.media().get(i).mid();
            if (mid.isPresent() && indexByMid.putIfAbsent(mid.get(), i) != null) {
                throw new NegotiationException("two m-lines have mid " + Syntax.quote(mid.get()));
            }
        }
        return indexByMid;
    }

    private static String structuralRejection(MediaSection section, boolean hasBundle, SequencedSet<String> bundled,
            boolean acceptedUnbundled) {
        if (section.isRejected()) {
            return "the offer stopped it (port 0)";
        }
        if (kind(section) == null) {
            return "media " + Syntax.quote(section.media()) + " is not supported (xsfu forwards audio and video)";
        }
        if (!section.proto().equals(PROTOCOL)) {
            return "protocol " + Syntax.quote(section.proto()) + " is not supported (only " + PROTOCOL + ")";
        }
        Optional<String> mid = section.mid();
        if (mid.isEmpty()) {
            return "it has no a=mid";
        }
        if (hasBundle && !bundled.contains(mid.get())) {
            return "it is not in the offer's BUNDLE group (xsfu has one transport)";
        }
        if (!hasBundle && acceptedUnbundled) {
            return "the offer has no BUNDLE group and xsfu has one transport: only the first m-line is accepted";
        }
        if (!section.has(Attribute.RTCP_MUX)) {
            return "it has no a=rtcp-mux (xsfu needs RTP and RTCP on one port)";
        }
        return null;
    }

    /** The decision for an m-line that passed the structural checks; null when no codec matches. */
    private Plan plan(Sdp offer, MediaSection section, int index, String mid, LocalStream stream,
            List<Rejection> unplaced) {
        MediaKind kind = kind(section);
        Direction offered = section.direction().or(() -> offer.first(Direction.class)).orElse(Direction.SENDRECV);
        if (stream != null && !offered.receives()) {
            throw new NegotiationException("a stream is placed on mid " + Syntax.quote(mid) + ", but the offer is "
                    + offered.field() + " there: the client does not receive on it");
        }
        List<Rtpmap> codecs = offeredInOrder(section);
        Rtpmap chosen = null;
        CodecSpec format = null;
        if (stream != null) {
            LocalStream placed = stream;
            chosen = codecs.stream().filter(r -> placed.codec().kind() == kind
                    && placed.codec().matches(r, parameters(section, r))).findFirst().orElse(null);
            if (chosen == null) {
                unplaced.add(new Rejection(index, mid, "the client offers no payload type for " + stream.codec()
                        + " (it offers " + offeredCodecs(section) + ")"));
                stream = null;
            } else {
                format = stream.codec();
            }
        }
        for (int i = 0; chosen == null && i < codecs.size(); i++) {
            Rtpmap r = codecs.get(i);
            for (CodecSpec spec : capabilities.codecs()) {
                if (spec.kind() == kind && spec.matches(r, parameters(section, r))) {
                    chosen = r;
                    format = spec;
                    break;
                }
            }
        }
        if (chosen == null) {
            return null;
        }
        Optional<Rtpmap> rtx = capabilities.rtx() ? rtxFor(section, codecs, chosen) : Optional.empty();
        List<RtcpFb> feedback = new ArrayList<>();
        SequencedSet<String> seen = new LinkedHashSet<>();
        for (RtcpFb fb : section.rtcpFeedback(chosen.payloadType())) {
            if (capabilities.feedback().contains(fb.feedback()) && seen.add(fb.feedback())) {
                feedback.add(RtcpFb.of(chosen.payloadType(), fb.feedback()));
            }
        }
        Map<Integer, String> uriById = new HashMap<>();
        for (Extmap e : section.extmaps()) {
            String other = uriById.putIfAbsent(e.id(), e.uri());
            if (other != null && !other.equals(e.uri())) {
                throw new NegotiationException("mid " + Syntax.quote(mid) + ": a=extmap id " + e.id()
                        + " names both " + other + " and " + e.uri());
            }
        }
        List<Extmap> extmaps = new ArrayList<>();
        SequencedSet<String> uris = new LinkedHashSet<>();
        for (Extmap e : section.extmaps()) {
            if (capabilities.acceptsExtension(e.uri()) && uris.add(e.uri())) {
                extmaps.add(new Extmap(e.id(), e.direction() == null ? null : e.direction().reverse(), e.uri(), null));
            }
        }
        Direction direction = Direction.of(stream != null, offered.sends());
        return new Plan(index, section, mid, kind, direction, chosen, format, rtx, feedback, extmaps, stream);
    }

    /** The offer's rtpmaps in the m-line's order, which is its order of preference. */
    private static List<Rtpmap> offeredInOrder(MediaSection section) {
        List<Rtpmap> codecs = new ArrayList<>();
        for (String format : section.formats()) {
            parsePayloadType(format).flatMap(section::rtpmap).ifPresent(codecs::add);
        }
        return codecs;
    }

    private static Optional<Rtpmap> rtxFor(MediaSection section, List<Rtpmap> codecs, Rtpmap codec) {
        String apt = Integer.toString(codec.payloadType());
        return codecs.stream().filter(r -> r.isRtx() && r.clockRate() == codec.clockRate()
                && apt.equals(parameters(section, r).get("apt"))).findFirst();
    }

    private static Map<String, String> parameters(MediaSection section, Rtpmap rtpmap) {
        return section.fmtp(rtpmap.payloadType()).<Map<String, String>>map(Fmtp::parameterMap).orElse(Map.of());
    }

    private static String offeredCodecs(MediaSection section) {
        List<Rtpmap> codecs = offeredInOrder(section);
        return codecs.isEmpty() ? "no rtpmap" : codecs.stream().filter(r -> !r.isRtx())
                .map(r -> r.encodingName() + "/" + r.clockRate()).distinct().collect(Collectors.joining(", "));
    }

    private static Optional<Integer> parsePayloadType(String format) {
        try {
            return Optional.of(Syntax.integer(format, 0, 127, "payload type"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static MediaKind kind(MediaSection section) {
        return switch (section.media()) {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default -> null;
        };
    }

    /** The BUNDLE-tag m-line: the first accepted one in the group's order (RFC 8843 §7.1), which holds ICE and DTLS. */
    private static Plan bundleTag(SequencedSet<String> bundled, List<Plan> accepted) {
        for (String mid : bundled) {
            for (Plan plan : accepted) {
                if (plan.mid.equals(mid)) {
                    return plan;
                }
            }
        }
        return accepted.getFirst();
    }

    private static IceParameters remoteIce(Sdp offer, MediaSection tag) {
        String ufrag = tag.value(Attribute.ICE_UFRAG).or(() -> offer.value(Attribute.ICE_UFRAG))
                .orElseThrow(() -> new NegotiationException("the offer has no a=ice-ufrag"));
        String pwd = tag.value(Attribute.ICE_PWD).or(() -> offer.value(Attribute.ICE_PWD))
                .orElseThrow(() -> new NegotiationException("the offer has no a=ice-pwd"));
        return new IceParameters(ufrag, pwd, offer.iceLite());
    }

    private DtlsRole dtlsRole(Setup offered) {
        return switch (offered) {
            case ACTPASS -> local.preferredRole();
            case ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            case HOLDCONN -> throw new NegotiationException("the offer's a=setup:holdconn asks for no DTLS connection");
        };
    }

    private List<Attribute> sessionAttributes(boolean hasBundle, SequencedSet<String> bundled, List<Plan> accepted) {
        List<Attribute> attributes = new ArrayList<>();
        if (local.ice().lite()) {
            attributes.add(PlainAttribute.flag(Attribute.ICE_LITE));
        }
        if (hasBundle) {
            List<String> acceptedMids = accepted.stream().map(Plan::mid).toList();
            attributes.add(Group.bundle(bundled.stream().filter(acceptedMids::contains).toList()));
        }
        attributes.add(new MsidSemantic("WMS", accepted.stream().filter(p -> p.stream != null)
                .map(p -> p.stream.streamId()).distinct().toList()));
        return attributes;
    }

    private static MediaSection rejectedSection(MediaSection offered) {
        List<Attribute> attributes = offered.mid().<List<Attribute>>map(mid -> List.of(PlainAttribute.of(
                Attribute.MID, mid))).orElse(List.of());
        return new MediaSection(offered.media(), 0, 0, offered.proto(), List.of(offered.formats().getFirst()),
                Connection.of(ANY_ADDRESS), List.of(), attributes);
    }

    private MediaSection acceptedSection(Plan plan, DtlsRole role) {
        List<Attribute> a = new ArrayList<>();
        a.add(PlainAttribute.of(Attribute.MID, plan.mid));
        a.add(PlainAttribute.of(Attribute.ICE_UFRAG, local.ice().ufrag()));
        a.add(PlainAttribute.of(Attribute.ICE_PWD, local.ice().pwd()));
        a.addAll(local.fingerprints());
        a.add(role.setup());
        a.addAll(local.candidates());
        a.add(PlainAttribute.flag(Attribute.END_OF_CANDIDATES));
        a.addAll(plan.extmaps);
        a.add(plan.direction);
        LocalStream stream = plan.stream;
        if (stream != null) {
            a.add(new Msid(stream.streamId(), stream.trackId()));
        }
        a.add(PlainAttribute.flag(Attribute.RTCP_MUX));
        if (plan.section.has(Attribute.RTCP_RSIZE)) {
            a.add(PlainAttribute.flag(Attribute.RTCP_RSIZE));
        }
        int pt = plan.codec.payloadType();
        a.add(plan.codec);
        a.addAll(plan.feedback);
        plan.section.fmtp(pt).ifPresent(a::add);
        List<String> formats = new ArrayList<>(List.of(Integer.toString(pt)));
        plan.rtx.ifPresent(rtx -> {
            formats.add(Integer.toString(rtx.payloadType()));
            a.add(rtx);
            plan.section.fmtp(rtx.payloadType()).ifPresent(a::add);
        });
        if (capabilities.simulcast() && plan.direction.receives()) {
            plan.section.first(Simulcast.class).filter(s -> !s.send().isEmpty()).ifPresent(s -> {
                for (Rid rid : plan.section.all(Rid.class)) {
                    if (rid.send() && s.sendRids().contains(rid.id())) {
                        a.add(new Rid(rid.id(), false, null));
                    }
                }
                a.add(new Simulcast(List.of(), s.send()));
            });
        }
        if (stream != null) {
            a.addAll(ssrcLines(stream, plan.rtx.isPresent()));
        }
        Candidate first = local.candidates().getFirst();
        return new MediaSection(plan.section.media(), first.port(), 0, plan.section.proto(), formats,
                Connection.of(first.address()), List.of(), a);
    }

    /** Chromium's own form: the FID group, then cname and msid for each SSRC. */
    private static List<Attribute> ssrcLines(LocalStream stream, boolean withRtx) {
        List<Attribute> lines = new ArrayList<>();
        List<Long> ssrcs = new ArrayList<>(List.of(stream.ssrc()));
        if (withRtx && stream.rtxSsrc().isPresent()) {
            ssrcs.add(stream.rtxSsrc().getAsLong());
            lines.add(new SsrcGroup(SsrcGroup.FID, ssrcs));
        }
        String msid = stream.streamId() + " " + stream.trackId();
        for (long ssrc : ssrcs) {
            lines.add(new SsrcAttribute(ssrc, SsrcAttribute.CNAME, stream.cname()));
            lines.add(new SsrcAttribute(ssrc, SsrcAttribute.MSID, msid));
        }
        return lines;
    }

    private NegotiatedMedia negotiated(Plan plan) {
        MediaSection section = plan.section;
        int pt = plan.codec.payloadType();
        NegotiatedCodec codec = new NegotiatedCodec(plan.format.codec(), pt, plan.codec.clockRate(),
                plan.codec.channels(), parameters(section, plan.codec),
                plan.rtx.map(r -> OptionalInt.of(r.payloadType())).orElse(OptionalInt.empty()),
                plan.feedback.stream().map(RtcpFb::feedback).toList());
        SequencedMap<String, Integer> extensions = new LinkedHashMap<>();
        plan.extmaps.forEach(e -> extensions.put(e.uri(), e.id()));
        boolean receives = plan.direction.receives();
        return new NegotiatedMedia(plan.index, plan.mid, plan.kind, plan.direction, codec, extensions,
                section.has(Attribute.RTCP_RSIZE), receives ? remoteSsrcs(section) : List.of(),
                receives ? remoteMsid(section) : Optional.empty(),
                receives ? section.all(Rid.class).stream().filter(Rid::send).toList() : List.of(),
                receives ? section.first(Simulcast.class) : Optional.empty(),
                receives ? section.ssrcGroups().stream().filter(g -> g.is(SsrcGroup.SIM)).toList() : List.of(),
                Optional.ofNullable(plan.stream));
    }

    /**
     * The media SSRCs the client declares, each with its RTX: every SSRC that is not the repair member of a
     * FID (RTX) or FEC-FR group, in SIM order if there is one, else in order of appearance.
     */
    private static List<RemoteSsrc> remoteSsrcs(MediaSection section) {
        SequencedSet<Long> all = new LinkedHashSet<>();
        section.ssrcAttributes().forEach(s -> all.add(s.ssrc()));
        Map<Long, Long> rtxOf = new HashMap<>();
        SequencedSet<Long> repair = new LinkedHashSet<>();
        SequencedSet<Long> order = new LinkedHashSet<>();
        for (SsrcGroup group : section.ssrcGroups()) {
            all.addAll(group.ssrcs());
            if ((group.is(SsrcGroup.FID) || group.is("FEC-FR")) && group.ssrcs().size() >= 2) {
                repair.addAll(group.ssrcs().subList(1, group.ssrcs().size()));
                if (group.is(SsrcGroup.FID)) {
                    rtxOf.putIfAbsent(group.ssrcs().getFirst(), group.ssrcs().get(1));
                }
            } else if (group.is(SsrcGroup.SIM) && order.isEmpty()) {
                order.addAll(group.ssrcs());
            }
        }
        order.addAll(all);
        List<RemoteSsrc> ssrcs = new ArrayList<>();
        for (long ssrc : order) {
            if (repair.contains(ssrc)) {
                continue;
            }
            Long rtx = rtxOf.get(ssrc);
            String cname = section.ssrcAttributes().stream()
                    .filter(s -> s.ssrc() == ssrc && s.attribute().equals(SsrcAttribute.CNAME) && s.attributeValue() != null)
                    .map(SsrcAttribute::attributeValue).findFirst().orElse("");
            ssrcs.add(new RemoteSsrc(ssrc, rtx == null ? OptionalLong.empty() : OptionalLong.of(rtx), cname));
        }
        return ssrcs;
    }

    private static Optional<Msid> remoteMsid(MediaSection section) {
        Optional<Msid> msid = section.first(Msid.class);
        if (msid.isPresent()) {
            return msid;
        }
        return section.ssrcAttributes().stream()
                .filter(s -> s.attribute().equals(SsrcAttribute.MSID) && s.attributeValue() != null)
                .findFirst().flatMap(s -> {
                    try {
                        return Optional.of(Msid.parse(s.attributeValue()));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }
}
