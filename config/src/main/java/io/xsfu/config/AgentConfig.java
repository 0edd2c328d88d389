package io.xsfu.config;

import java.util.Objects;

/**
 * The forwarding agent's duty cycle.
 *
 * @param idleStrategy what to do after a cycle with no work
 * @param batchSize    most packets taken from the receive side in one cycle
 */
public record AgentConfig(IdleStrategyConfig idleStrategy, int batchSize) {

    public static final int MIN_BATCH_SIZE = 1;
    public static final int MAX_BATCH_SIZE = 1024;

    public static final AgentConfig DEFAULTS = new AgentConfig(IdleStrategyConfig.backoff(), 64);

    public AgentConfig {
        Objects.requireNonNull(idleStrategy, "idleStrategy");
    }

    public AgentConfig withIdleStrategy(IdleStrategyConfig value) {
        return new AgentConfig(value, batchSize);
    }

    public AgentConfig withBatchSize(int value) {
        return new AgentConfig(idleStrategy, value);
    }
}
