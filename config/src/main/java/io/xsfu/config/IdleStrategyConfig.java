package io.xsfu.config;

import java.util.List;

/**
 * What the forwarding agent does when a duty cycle found no work: the trade between latency and
 * the CPU an idle server burns. In JSON either a name ({@code "backoff"}) or an object with a
 * {@code type} and that type's parameters ({@code {"type": "sleep", "sleepMicros": 200}}).
 */
public sealed interface IdleStrategyConfig {

    int MIN_MICROS = 1;
    int MAX_MICROS = 1_000_000;

    /** The JSON names of the strategies, in documentation order. */
    List<String> TYPES = List.of(BusySpin.TYPE, Yield.TYPE, Backoff.TYPE, Sleep.TYPE);

    /** The strategy's JSON name. */
    String type();

    /** Never gives up the core: lowest latency, one core at 100%. */
    record BusySpin() implements IdleStrategyConfig {
        public static final String TYPE = "busy-spin";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code Thread.yield()} between empty cycles. */
    record Yield() implements IdleStrategyConfig {
        public static final String TYPE = "yield";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Spins, then yields, then parks for growing periods up to {@code maxParkMicros}. */
    record Backoff(int maxParkMicros) implements IdleStrategyConfig {
        public static final String TYPE = "backoff";
        public static final int DEFAULT_MAX_PARK_MICROS = 1000;

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Parks for a fixed {@code sleepMicros} after every empty cycle. */
    record Sleep(int sleepMicros) implements IdleStrategyConfig {
        public static final String TYPE = "sleep";
        public static final int DEFAULT_SLEEP_MICROS = 1000;

        @Override
        public String type() {
            return TYPE;
        }
    }

    static IdleStrategyConfig busySpin() {
        return new BusySpin();
    }

    static IdleStrategyConfig yielding() {
        return new Yield();
    }

    static IdleStrategyConfig backoff() {
        return new Backoff(Backoff.DEFAULT_MAX_PARK_MICROS);
    }

    static IdleStrategyConfig backoff(int maxParkMicros) {
        return new Backoff(maxParkMicros);
    }

    static IdleStrategyConfig sleep(int sleepMicros) {
        return new Sleep(sleepMicros);
    }
}
