package io.evex.api.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off: the wait before retry {@code n} is {@code initial * multiplier^(n-1)},
 * capped at {@code max}, then spread by up to {@code ±jitter} of itself so that many clients of
 * one destination that comes back do not all retry in the same millisecond. The one back-off of
 * Evex: exporter retries, program restarts, broker and camera reconnects all use it.
 *
 * @param initial the first wait
 * @param max the longest wait (before jitter)
 * @param multiplier growth per failure, at least 1
 * @param jitter share of each wait drawn at random, 0 (none) to 1
 * @since 0.3
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** The runtime's default for exporter deliveries: 100 ms doubling to 30 s, no jitter. */
    public static final Backoff DEFAULT = ofMillis(100, 30_000);

    public Backoff {
        if (initial == null || max == null) {
            throw new IllegalArgumentException("back-off needs an initial and a maximum wait");
        }
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 1 ms <= initial <= max, got initial "
                    + initial.toMillis() + " ms and max " + max.toMillis() + " ms");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("back-off multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("back-off jitter must be between 0 and 1, got " + jitter);
        }
    }

    /** Doubling from {@code initialMs} to {@code maxMs}, without jitter. */
    public static Backoff ofMillis(long initialMs, long maxMs) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), 2, 0);
    }

    /** This back-off with another jitter. */
    public Backoff withJitter(double share) {
        return new Backoff(initial, max, multiplier, share);
    }

    /** The wait before retry number {@code attempt} (1-based), before jitter. */
    public Duration baseDelay(int attempt) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofNanos((long) Math.min(nanos, max.toNanos()));
    }

    /** The wait before retry number {@code attempt} (1-based), jitter applied. */
    public Duration delay(int attempt) {
        Duration base = baseDelay(attempt);
        if (jitter == 0) {
            return base;
        }
        double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofNanos(Math.max(1, (long) (base.toNanos() * spread)));
    }

    /** A schedule of consecutive failures that follows this back-off on {@code ticker}'s clock. */
    public Schedule schedule(Ticker ticker) {
        return new Schedule(this, ticker);
    }

    /**
     * Consecutive failures of one thing (a connection, a program) and when the next attempt is
     * due. Not thread-safe: one owner thread.
     */
    public static final class Schedule {

        private final Backoff backoff;
        private final Ticker ticker;
        private int failures;
        private long dueNanos;
        private boolean waiting;

        Schedule(Backoff backoff, Ticker ticker) {
            this.backoff = backoff;
            this.ticker = ticker;
        }

        /** Records a failure; returns the wait until the next attempt is due. */
        public Duration failed() {
            return failed(Duration.ZERO);
        }

        /** Records a failure; the next attempt is due after the back-off or {@code atLeast}, whichever is longer. */
        public Duration failed(Duration atLeast) {
            failures++;
            Duration wait = backoff.delay(failures);
            if (atLeast != null && atLeast.compareTo(wait) > 0) {
                wait = atLeast;
            }
            dueNanos = ticker.nanoTime() + wait.toNanos();
            waiting = true;
            return wait;
        }

        /** Forgets the failures: the next one waits the initial delay again. */
        public void succeeded() {
            failures = 0;
            waiting = false;
        }

        /** Whether an attempt may be made now. */
        public boolean due() {
            return !waiting || ticker.nanoTime() - dueNanos >= 0;
        }

        /** Time left until the next attempt is due (zero when it is). */
        public Duration remaining() {
            long left = waiting ? dueNanos - ticker.nanoTime() : 0;
            return Duration.ofNanos(Math.max(0, left));
        }

        /** Consecutive failures so far. */
        public int failures() {
            return failures;
        }

        public Backoff backoff() {
            return backoff;
        }
    }
}
