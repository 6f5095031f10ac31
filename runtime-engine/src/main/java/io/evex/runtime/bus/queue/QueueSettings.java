package io.evex.runtime.bus.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.delivery.OverflowPolicy;
import java.nio.file.Path;
import java.util.List;

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
public record QueueSettings(
        int size, OverflowPolicy overflow, Path spoolDir, long spoolMaxBytes, boolean spoolDropOldest) {

    public static final String SIZE = "size";
    public static final String OVERFLOW = "overflow";
    public static final String SPOOL_DIR = "spool_dir";
    public static final String SPOOL_MAX_MB = "spool_max_mb";
    public static final String SPOOL_WHEN_FULL = "spool_when_full";
    /** Every key of a {@code queue} object. */
    public static final List<String> KEYS = List.of(SIZE, OVERFLOW, SPOOL_DIR, SPOOL_MAX_MB, SPOOL_WHEN_FULL);

    /** 1 GiB. */
    public static final long DEFAULT_SPOOL_BYTES = 1L << 30;

    public static final QueueSettings DEFAULT = new QueueSettings(10_000, OverflowPolicy.DROP_OLDEST);

    public QueueSettings(int size, OverflowPolicy overflow) {
        this(size, overflow, null, DEFAULT_SPOOL_BYTES, true);
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

    /**
     * Reads a {@code queue} object of a configuration or descriptor; what is absent comes from
     * {@code defaults}.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static QueueSettings read(JsonNode q, QueueSettings defaults) {
        return Overrides.read(q).over(defaults);
    }

    /**
     * A {@code queue} object as written: only what it sets (null = not set), to be laid over a
     * kind's default queue once the kind is known. Parsed once, when the configuration is read.
     */
    public record Overrides(
            Integer size, OverflowPolicy overflow, Path spoolDir, Long spoolMaxBytes, Boolean spoolDropOldest) {

        /** Sets nothing. */
        public static final Overrides NONE = new Overrides(null, null, null, null, null);

        /** Reads and checks a {@code queue} object (the check lays it over the runtime's default). */
        public static Overrides read(JsonNode q) {
            Overrides o = new Overrides(
                    q.has(SIZE) ? q.get(SIZE).asInt() : null,
                    q.has(OVERFLOW) ? OverflowPolicy.fromConfig(q.get(OVERFLOW).asText()) : null,
                    q.has(SPOOL_DIR) ? Path.of(q.get(SPOOL_DIR).asText()) : null,
                    q.has(SPOOL_MAX_MB) ? (long) (q.get(SPOOL_MAX_MB).asDouble() * 1024 * 1024) : null,
                    q.has(SPOOL_WHEN_FULL)
                            ? !"drop-newest".equals(q.get(SPOOL_WHEN_FULL).asText())
                            : null);
            o.over(DEFAULT);
            return o;
        }

        /** These values over {@code base}. */
        public QueueSettings over(QueueSettings base) {
            return new QueueSettings(
                    size != null ? size : base.size(),
                    overflow != null ? overflow : base.overflow(),
                    spoolDir != null ? spoolDir : base.spoolDir(),
                    spoolMaxBytes != null ? spoolMaxBytes : base.spoolMaxBytes(),
                    spoolDropOldest != null ? spoolDropOldest : base.spoolDropOldest());
        }
    }

    public QueueSettings withSize(int value) {
        return new QueueSettings(value, overflow, spoolDir, spoolMaxBytes, spoolDropOldest);
    }

    public QueueSettings withOverflow(OverflowPolicy value) {
        return new QueueSettings(size, value, spoolDir, spoolMaxBytes, spoolDropOldest);
    }
}
