package io.evex.runtime.video;

import java.util.function.LongConsumer;

/**
 * Holds packets back to the source's own rate, for files and test sources played as if live: each
 * packet waits until its decoding time has come on the wall clock, counted from the first one.
 */
public final class Pacer {

    /** A jump in the source's clock longer than this starts pacing again instead of stalling. */
    private static final long MAX_WAIT_NANOS = 2_000_000_000L;

    private final LongConsumer sleep;
    private long originNanos = Long.MIN_VALUE;
    private long originMicros;

    /** @param sleep waits the nanoseconds given (the channel's, which a stop interrupts) */
    public Pacer(LongConsumer sleep) {
        this.sleep = sleep;
    }

    /** Waits until the packet with decoding time {@code micros} is due. */
    public void waitFor(long micros) {
        long now = System.nanoTime();
        if (originNanos == Long.MIN_VALUE || micros < originMicros) {
            originNanos = now;
            originMicros = micros;
            return;
        }
        long wait = originNanos + (micros - originMicros) * 1000 - now;
        if (wait > MAX_WAIT_NANOS) {
            originNanos = now;
            originMicros = micros;
            return;
        }
        if (wait > 0) {
            sleep.accept(wait);
        }
    }
}
