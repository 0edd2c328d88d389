package io.xsfu.bwe;

/**
 * How a bandwidth probe ended, as counted per transport and exported ({@code xsfu_bwe_probes_total{result=...}}).
 * A probe raises what the SFU sends on a transport for a while; its outcome says what the estimator made of it.
 */
public final class ProbeOutcome {
    /** The receiver took the probe's rate without queueing or loss: the estimate was lifted to what it acknowledged. */
    public static final int RAISED = 0;
    /** Clean, but what was acknowledged was no more than the estimate already was (or too little was acknowledged). */
    public static final int NOT_RAISED = 1;
    /** The delay detector saw queues grow during the probe: sending stopped, the normal decrease applies. */
    public static final int OVERUSE = 2;
    /** Too many of the probe's packets were lost: sending stopped, the normal decrease applies. */
    public static final int LOSS = 3;
    /** No feedback about the probe's packets came back (a receiver without transport-wide feedback). */
    public static final int NO_FEEDBACK = 4;
    public static final int END = 5;

    private static final String[] NAMES = {"raised", "not_raised", "overuse", "loss", "no_feedback"};

    private ProbeOutcome() {
    }

    public static String name(int outcome) {
        return NAMES[outcome];
    }
}
