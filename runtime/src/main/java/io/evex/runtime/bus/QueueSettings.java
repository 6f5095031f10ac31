package io.evex.runtime.bus;

import java.nio.file.Path;

/**
 * The bounded queue in front of one exporter.
 *
 * @param size how many events it holds in memory
 * @param overflow what happens when it is full
 * @param spoolDir with {@link OverflowPolicy#SPOOL}: the spool's folder; null = {@code .evex/spool/<exporter>}
 *     in the working directory
 * @param spoolMaxBytes with {@link OverflowPolicy#SPOOL}: the most the spool holds on disk
 * @param spoolDropOldest with {@link OverflowPolicy#SPOOL}: when the spool is full, drop its oldest
 *     events (true) or the arriving ones (false); either way counted
 */
public record QueueSettings(int size, OverflowPolicy overflow, Path spoolDir, long spoolMaxBytes, boolean spoolDropOldest) {

    public static final QueueSettings DEFAULT = new QueueSettings(10_000, OverflowPolicy.DROP_OLDEST);

    /** 1 GiB. */
    public static final long DEFAULT_SPOOL_BYTES = 1L << 30;

    public QueueSettings(int size, OverflowPolicy overflow) {
        this(size, overflow, null, DEFAULT_SPOOL_BYTES, true);
    }

    /**
     * Reads a {@code queue} object of a configuration or descriptor ({@code size}, {@code overflow},
     * {@code spool_dir}, {@code spool_max_mb}, {@code spool_when_full}); what is absent comes from {@code defaults}.
     */
    public static QueueSettings fromJson(com.fasterxml.jackson.databind.JsonNode q, QueueSettings defaults) {
        return new QueueSettings(q.path("size").asInt(defaults.size()),
                q.has("overflow") ? OverflowPolicy.fromConfig(q.get("overflow").asText()) : defaults.overflow(),
                q.has("spool_dir") ? Path.of(q.get("spool_dir").asText()) : defaults.spoolDir(),
                q.has("spool_max_mb") ? (long) (q.get("spool_max_mb").asDouble() * 1024 * 1024) : defaults.spoolMaxBytes(),
                q.has("spool_when_full") ? !"drop-newest".equals(q.get("spool_when_full").asText()) : defaults.spoolDropOldest());
    }

    public QueueSettings {
        if (size < 1) {
            throw new IllegalArgumentException("queue size must be >= 1, got " + size);
        }
        if (overflow == null) {
            throw new IllegalArgumentException("queue overflow policy is missing");
        }
        if (spoolMaxBytes < 1024) {
            throw new IllegalArgumentException("spool size must be at least 1 KiB, got " + spoolMaxBytes + " bytes");
        }
    }
}
