package io.xsfu.webrtc.sdp;

import io.xsfu.config.MediaKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An m-line the answer accepted, seen from the SFU.
 *
 * @param index            its position in the offer and the answer, from 0
 * @param direction        the answer's direction: {@code recvonly} = the SFU receives (a producer),
 *                         {@code sendonly} = it sends (a consumer), {@code inactive} = neither for now
 * @param extensions       header extension URI to id, for the extensions both sides use on this m-line
 * @param rtcpReducedSize  whether both sides allow reduced-size RTCP (RFC 5506)
 * @param remoteSsrcs      what the client will send when the SFU receives: its media SSRCs (in SIM order when
 *                         simulcast by SSRC) with their RTX; empty for rid-based simulcast, whose SSRCs come
 *                         with the first packets
 * @param remoteMsid       the client's msid for its track, if given
 * @param rids             the client's {@code a=rid:<id> send} lines, in order
 * @param simulcast        the client's {@code a=simulcast}, if any
 * @param simulcastGroups  the client's {@code a=ssrc-group:SIM} lines
 * @param sending          the stream the SFU sends here, when placed
 */
public record NegotiatedMedia(int index, String mid, MediaKind kind, Direction direction, NegotiatedCodec codec,
        Map<String, Integer> extensions, boolean rtcpReducedSize, List<RemoteSsrc> remoteSsrcs,
        Optional<Msid> remoteMsid, List<Rid> rids, Optional<Simulcast> simulcast, List<SsrcGroup> simulcastGroups,
        Optional<LocalStream> sending) {
    public NegotiatedMedia {
        extensions = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(extensions));
        remoteSsrcs = List.copyOf(remoteSsrcs);
        rids = List.copyOf(rids);
        simulcastGroups = List.copyOf(simulcastGroups);
    }

    /** Whether the SFU receives media here (the client publishes). */
    public boolean receives() {
        return direction.receives();
    }

    /** Whether the SFU sends media here (a consumer is placed). */
    public boolean sends() {
        return direction.sends();
    }

    /** The id of a header extension on this m-line, if negotiated. */
    public Optional<Integer> extensionId(String uri) {
        return Optional.ofNullable(extensions.get(uri));
    }
}
