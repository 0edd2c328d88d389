package io.xsfu.signaling;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The one thread that owns signaling's state (sessions, connections' participants) and makes every
 * {@link io.xsfu.sfu.SfuControl} call, so that no Netty event loop ever waits on the SFU's lock and no state
 * needs a lock of its own. Tasks run in submission order.
 */
interface ControlThread extends Executor {
    /** Runs {@code task} on this thread after {@code delay}, unless cancelled first. */
    Timer schedule(Runnable task, Duration delay);

    /** Runs {@code task} on this thread every {@code interval} until the returned timer is cancelled. */
    default Timer repeat(Runnable task, Duration interval) {
        return new Repeating(this, task, interval);
    }

    /** Stops running tasks; tasks submitted afterwards are dropped. */
    void shutdown();

    /** A scheduled task. */
    interface Timer {
        void cancel();
    }
}
