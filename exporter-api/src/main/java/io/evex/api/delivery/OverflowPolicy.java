package io.evex.api.delivery;

/**
 * What happens when an exporter's queue is full and another event arrives.
 *
 * @since 0.3 (the runtime's own type before)
 */
public enum OverflowPolicy {
    /** The publisher waits until there is room: nothing is dropped, but the source slows down. */
    BLOCK("block"),
    /** The oldest queued event is dropped (and counted) to make room: freshest data wins. */
    DROP_OLDEST("drop-oldest"),
    /** The arriving event is dropped (and counted): queued data wins. */
    DROP_NEWEST("drop-newest"),
    /**
     * Arriving events go to a persistent queue on disk (the runtime's spool) while the memory queue
     * is full, and keep going there until it has been delivered, so order is kept; what is spooled
     * survives a restart. Nothing is dropped until the spool's own size cap is reached.
     */
    SPOOL("spool");

    private final String configName;

    OverflowPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** The policy for a configuration name such as {@code "drop-oldest"}. */
    public static OverflowPolicy fromConfig(String name) {
        for (OverflowPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown overflow policy '" + name + "' (block, drop-oldest, drop-newest, spool)");
    }
}
