package io.xsfu.rtp;

import io.xsfu.packet.RtpHeaderExtensions;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Reads the RFC 6464 client-to-mixer audio level of each packet of one audio producer and adds it to counters
 * the control side samples: the packets that carried a level, and the sum of their energies. Energy, not the
 * level itself, is summed so that a window's mean (energy delta over packet delta) is the stream's power over
 * that window; a mean of decibels would make a short loud word look like murmur. The agent is the only
 * writer; nothing is decided here (speaker detection runs off the agent, on whatever interval it likes).
 *
 * <p>A packet without the element carries no level. An element whose length is not one byte is malformed:
 * counted, and ignored. Allocation free, no lock.
 */
public final class AudioLevelMeter {
    /** The level RFC 6464 gives digital silence: 127 -dBov. */
    public static final int SILENCE = 127;
    /**
     * Energy of one packet at 0 dBov. At 50 packets/s of full-scale audio the sum wraps after decades; levels
     * below -90 dBov round to 0 (inaudible: they count as packets, add no energy).
     */
    public static final long FULL_SCALE_ENERGY = 1_000_000_000L;
    private static final long[] ENERGY = new long[SILENCE + 1];
    private static final long OFFSET_MASK = (1L << 48) - 1;

    static {
        for (int level = 0; level <= SILENCE; level++) {
            ENERGY[level] = Math.round(FULL_SCALE_ENERGY * Math.pow(10, -level / 10.0));
        }
    }

    /** No level read: a video producer, or an endpoint that did not negotiate the extension. */
    public static final AudioLevelMeter NONE = new AudioLevelMeter(0, null);

    private final int id;
    private final Counters counters;

    private AudioLevelMeter(int id, Counters counters) {
        this.id = id;
        this.counters = counters;
    }

    /** A meter reading element {@code id} (1..255; 0: none) into {@code counters} (null: none). */
    public static AudioLevelMeter of(int id, Counters counters) {
        return id <= 0 || id > 255 || counters == null ? NONE : new AudioLevelMeter(id, counters);
    }

    /** The extension id read, 0 when this meter reads nothing. */
    public int id() {
        return id;
    }

    /** Reads the level of the RTP packet at {@code rtpOffset} (validated by the parser), if it carries one. */
    public void measure(MemorySegment s, long rtpOffset) {
        if (id == 0) {
            return;
        }
        long found = RtpHeaderExtensions.find(s, rtpOffset, id);
        if (found < 0) {
            return;
        }
        if ((found >>> 48) != 1) {
            counters.malformed.incrementRelease();
            return;
        }
        // V (voice activity, the sender's guess) is not used: the level alone decides, for every sender alike.
        int level = Wire.u8(s, found & OFFSET_MASK) & 0x7F;
        counters.energy.getAndAddRelease(ENERGY[level]);
        counters.packets.incrementRelease();
    }

    /** The energy one packet at {@code level} -dBov (0..127) adds. */
    public static long energy(int level) {
        return ENERGY[level];
    }

    /**
     * The level in dBov (0 loudest, -127 silence) of a mean energy per packet; {@code -SILENCE} for none.
     */
    public static double dbov(double meanEnergy) {
        if (!(meanEnergy > 0)) {
            return -SILENCE;
        }
        return Math.max(-SILENCE, Math.min(0, 10 * Math.log10(meanEnergy / FULL_SCALE_ENERGY)));
    }

    /**
     * A producer's level counters: energy sum and packets with a level (its own, closed with it), and the
     * malformed-element count shared by all producers (the data plane's, never closed here).
     */
    public record Counters(AtomicCounter energy, AtomicCounter packets, AtomicCounter malformed) {
        public void close() {
            energy.close();
            packets.close();
        }
    }
}
