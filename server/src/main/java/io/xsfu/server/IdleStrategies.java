package io.xsfu.server;

import io.xsfu.config.IdleStrategyConfig;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** The configured idle strategy of the forwarding agent, as Agrona's. */
final class IdleStrategies {
    private IdleStrategies() {
    }

    static IdleStrategy of(IdleStrategyConfig config) {
        return switch (config) {
            case IdleStrategyConfig.BusySpin b -> new BusySpinIdleStrategy();
            case IdleStrategyConfig.Yield y -> new YieldingIdleStrategy();
            case IdleStrategyConfig.Backoff b -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(b.maxParkMicros()));
            case IdleStrategyConfig.Sleep s -> new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(s.sleepMicros()));
        };
    }
}
