package io.evex.api.delivery;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The queue and retry an exporter kind gets unless its configuration says otherwise; what is not
 * set here is the runtime's default. Built once, checked when built:
 * <pre>{@code
 * DeliveryDefaults.builder().overflow(OverflowPolicy.SPOOL).retry(Backoff.ofMillis(100, 2_000)).build()
 * }</pre>
 *
 * @since 0.3 (replaces the maps of {@code ExporterFactory.defaultQueue()} and {@code defaultRetry()})
 */
public final class DeliveryDefaults {

    /** Nothing set: the runtime's defaults throughout. */
    public static final DeliveryDefaults NONE = builder().build();

    private final Integer queueSize;
    private final OverflowPolicy overflow;
    private final Backoff retry;
    private final Integer maxAttempts;
    private final Boolean durable;

    private DeliveryDefaults(Builder b) {
        this.queueSize = b.queueSize;
        this.overflow = b.overflow;
        this.retry = b.retry;
        this.maxAttempts = b.maxAttempts;
        this.durable = b.durable;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What an exporter to a broker or database that may be away wants: a durable queue (every event
     * on disk until the destination confirms it, 10 000 also in memory), falling back to the spool
     * when durability is turned off, so that nothing is lost while it is down or Evex is killed;
     * retries spaced by {@code retry} (the exporter's own hint, such as a reconnect back-off, may
     * lengthen them).
     *
     * @since 0.5 (durable since 0.7)
     */
    public static DeliveryDefaults spooling(Backoff retry) {
        return builder()
                .queueSize(10_000)
                .overflow(OverflowPolicy.SPOOL)
                .durable(true)
                .retry(retry)
                .build();
    }

    /** Events held in memory in front of the exporter. */
    public OptionalInt queueSize() {
        return queueSize == null ? OptionalInt.empty() : OptionalInt.of(queueSize);
    }

    /** What happens when that queue is full. */
    public Optional<OverflowPolicy> overflow() {
        return Optional.ofNullable(overflow);
    }

    /** The back-off between attempts to deliver an event that failed as retriable. */
    public Optional<Backoff> retry() {
        return Optional.ofNullable(retry);
    }

    /** Attempts per event before it counts as failed (0 = until stopped). */
    public OptionalInt maxAttempts() {
        return maxAttempts == null ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
    }

    /**
     * Whether the queue keeps every event on disk until it is confirmed.
     *
     * @since 0.7
     */
    public Optional<Boolean> durable() {
        return Optional.ofNullable(durable);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return queueSize == null && overflow == null && retry == null && maxAttempts == null && durable == null;
    }

    @Override
    public String toString() {
        return "DeliveryDefaults{queueSize=" + queueSize + ", overflow=" + overflow + ", retry=" + retry
                + ", maxAttempts=" + maxAttempts + ", durable=" + durable + "}";
    }

    /** Collects the values; {@link #build()} checks them. */
    public static final class Builder {
        private Integer queueSize;
        private OverflowPolicy overflow;
        private Backoff retry;
        private Integer maxAttempts;
        private Boolean durable;

        private Builder() {}

        /** Every event on disk until its destination confirms it ({@code queue.durable}). @since 0.7 */
        public Builder durable(boolean value) {
            this.durable = value;
            return this;
        }

        public Builder queueSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("queue size must be >= 1, got " + size);
            }
            this.queueSize = size;
            return this;
        }

        public Builder overflow(OverflowPolicy policy) {
            this.overflow = policy;
            return this;
        }

        public Builder retry(Backoff backoff) {
            this.retry = backoff;
            return this;
        }

        public Builder maxAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("max attempts must be >= 0, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        public DeliveryDefaults build() {
            return new DeliveryDefaults(this);
        }
    }
}
