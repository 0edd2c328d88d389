package io.xsfu.route;

import java.util.Map;

/**
 * What a participant's endpoint negotiated: which RTCP feedback the SFU answers and sends (NACK, PLI, FIR),
 * whether retransmissions go to it as RTX, and its RTP header extensions (URI to id).
 */
public record TransportOptions(boolean nack, boolean pli, boolean fir, boolean rtx, Map<String, Integer> extensions) {
    /** NACK and PLI understood; plain retransmissions; no header extensions negotiated. */
    public static final TransportOptions DEFAULT = new TransportOptions(true, true, false, false, Map.of());

    public TransportOptions {
        extensions = Map.copyOf(extensions);
    }

    /**
     * Header extension ids a copy from {@code sender} to this endpoint keeps: those both negotiated for the
     * same URI under the same id (bit i = id i). Others become padding in the copy (ids are not remapped yet).
     */
    public long keepMaskFrom(TransportOptions sender) {
        long mask = 0;
        for (Map.Entry<String, Integer> e : extensions.entrySet()) {
            Integer id = sender.extensions.get(e.getKey());
            if (id != null && id.equals(e.getValue()) && id > 0 && id <= 63) {
                mask |= 1L << id;
            }
        }
        return mask;
    }
}
