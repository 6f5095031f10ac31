package io.evex.api.delivery;

/**
 * The time source of retry and restart code: read a monotonic clock and wait. Injected so tests
 * drive back-off with a clock they advance themselves instead of really sleeping (as Kafka's
 * {@code Time} and Micrometer's {@code Clock} are).
 *
 * @since 0.3
 */
public interface Ticker {

    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    /** A monotonic time in nanoseconds, only meaningful as a difference to another reading. */
    long nanoTime();

    /** Waits {@code nanos} nanoseconds of this clock's time. */
    void sleep(long nanos) throws InterruptedException;
}
