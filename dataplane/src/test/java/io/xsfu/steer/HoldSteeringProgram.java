package io.xsfu.steer;

import java.util.concurrent.CountDownLatch;

/**
 * A process that attaches the steering program and never lets go, to be killed with SIGKILL by
 * {@link InterfaceOwnershipIT}: the way an SFU dies when its shutdown hook cannot run. Run it under
 * {@code ip netns exec NS} with the interface name and the mode as arguments; it prints
 * {@code ATTACHED <program id>} once attached.
 */
public final class HoldSteeringProgram {
    private HoldSteeringProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        SteeringProgram program = SteeringProgram.attach(args[0], XdpMode.valueOf(args[1]));
        System.out.println("ATTACHED " + program.programId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
