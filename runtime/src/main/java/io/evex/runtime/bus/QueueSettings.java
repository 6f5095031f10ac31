package io.evex.runtime.bus;

/**
 * The bounded queue in front of one exporter.
 *
 * @param size how many events it holds
 * @param overflow what happens when it is full
 */
public record QueueSettings(int size, OverflowPolicy overflow) {

    public static final QueueSettings DEFAULT = new QueueSettings(10_000, OverflowPolicy.DROP_OLDEST);

    public QueueSettings {
        if (size < 1) {
            throw new IllegalArgumentException("queue size must be >= 1, got " + size);
        }
        if (overflow == null) {
            throw new IllegalArgumentException("queue overflow policy is missing");
        }
    }
}
