package io.evex.api.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Ticker} whose time moves only when told to, or when code sleeps on it: a sleep returns
 * at once, advances the clock by its length and is recorded. Back-off can so be tested exactly
 * and without waiting (as Micrometer's {@code MockClock}). For tests; thread-safe.
 *
 * @since 0.3
 */
public final class ManualTicker implements Ticker {

    private long nanos;
    private final List<Long> sleepsMs = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(long duration) {
        sleepsMs.add(TimeUnit.NANOSECONDS.toMillis(duration));
        nanos += Math.max(0, duration);
    }

    /** Moves the clock on. */
    public synchronized void advance(long amount, TimeUnit unit) {
        nanos += unit.toNanos(amount);
    }

    /** Every sleep so far, in milliseconds, in order. */
    public synchronized List<Long> sleepsMs() {
        return List.copyOf(sleepsMs);
    }
}
