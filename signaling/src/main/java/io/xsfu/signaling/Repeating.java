package io.xsfu.signaling;

import java.time.Duration;

/**
 * A task run on the control thread every interval, each run scheduled when the previous one ends (even when it
 * threw: the exception goes to the control thread as any task's), until cancelled. See
 * {@link ControlThread#repeat}.
 */
final class Repeating implements ControlThread.Timer {
    private final ControlThread control;
    private final Runnable task;
    private final Duration interval;
    private ControlThread.Timer next;
    private boolean cancelled;

    Repeating(ControlThread control, Runnable task, Duration interval) {
        this.control = control;
        this.task = task;
        this.interval = interval;
        this.next = control.schedule(this::tick, interval);
    }

    @Override
    public void cancel() {
        cancelled = true;
        next.cancel();
    }

    private void tick() {
        if (cancelled) {
            return;
        }
        try {
            task.run();
        } finally {
            next = control.schedule(this::tick, interval);
        }
    }
}
