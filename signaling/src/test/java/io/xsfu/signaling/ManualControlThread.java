package io.xsfu.signaling;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The control thread for unit tests: tasks run at once on the calling (test) thread, in submission order (a
 * task submitted by a running task runs after it, as on the real thread), and timers run when the test
 * advances the clock. Deterministic: no sleeping, no other threads.
 */
final class ManualControlThread implements ControlThread {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private boolean running;
    private boolean stopped;
    private long nowMillis;
    private long sequence;

    private static final class Timed implements Comparable<Timed> {
        final long due;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Timed(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Timed other) {
            return due != other.due ? Long.compare(due, other.due) : Long.compare(sequence, other.sequence);
        }
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            return;
        }
        queue.add(task);
        if (running) {
            return;
        }
        running = true;
        try {
            Runnable next;
            while ((next = queue.poll()) != null) {
                next.run();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public Timer schedule(Runnable task, Duration delay) {
        Timed timed = new Timed(nowMillis + delay.toMillis(), sequence++, task);
        timers.add(timed);
        return () -> timed.cancelled = true;
    }

    /** Moves the clock on, running every timer that falls due on the way. */
    void advance(Duration duration) {
        long target = nowMillis + duration.toMillis();
        while (!timers.isEmpty() && timers.peek().due <= target) {
            Timed timed = timers.poll();
            nowMillis = timed.due;
            if (!timed.cancelled) {
                execute(timed.task);
            }
        }
        nowMillis = target;
    }

    /** Timers that are neither cancelled nor run. */
    long pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public void shutdown() {
        stopped = true;
    }
}
