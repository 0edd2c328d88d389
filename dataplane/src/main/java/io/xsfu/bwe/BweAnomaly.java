package io.xsfu.bwe;

/**
 * Input the estimator did not take at face value, each counted: feedback about packets it cannot match,
 * duplicates, clocks that jump, and estimates no link could carry. The estimate stays within its configured
 * bounds whatever arrives; these say how often the input was bad.
 */
public final class BweAnomaly {
    /** Feedback about a sequence number the send history does not hold (never sent, or too old). */
    public static final int UNKNOWN_SEQUENCE = 0;
    /** A packet already reported as received, reported again (duplicate or overlapping feedback). */
    public static final int DUPLICATE_REPORT = 1;
    /** More statuses in one feedback than {@link PacketResults#CAPACITY}: the rest were not looked at. */
    public static final int FEEDBACK_TOO_LONG = 2;
    /** Arrival times that go backwards between packet groups (reordering, or a broken receiver clock). */
    public static final int ARRIVAL_REORDERED = 3;
    /** Arrival clock jumped against the send clock by more than {@link InterArrival#CLOCK_JUMP_NANOS}: detector reset. */
    public static final int ARRIVAL_CLOCK_JUMP = 4;
    /** A REMB above the configured maximum (clamped to it). */
    public static final int REMB_ABOVE_MAX = 5;
    /** A REMB below the configured minimum, zero included (clamped to it). */
    public static final int REMB_BELOW_MIN = 6;
    /** A reference time that moved backwards: feedback older than feedback already used. */
    public static final int FEEDBACK_OUT_OF_ORDER = 7;
    public static final int END = 8;

    private static final String[] NAMES = {
        "bwe_unknown_sequence",
        "bwe_duplicate_report",
        "bwe_feedback_too_long",
        "bwe_arrival_reordered",
        "bwe_arrival_clock_jump",
        "bwe_remb_above_max",
        "bwe_remb_below_min",
        "bwe_feedback_out_of_order",
    };

    private BweAnomaly() {
    }

    public static String name(int anomaly) {
        return NAMES[anomaly];
    }
}
