package io.evex.runtime.bus.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;
import io.evex.api.delivery.OverflowPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * The bounded queue in front of one exporter.
 *
 * @param size how many events it holds in memory
 * @param overflow what happens when it is full (a durable queue continues on disk whatever it says)
 * @param spoolDir the spool's (or durable log's) folder; null = {@code .evex/spool/<exporter>} in the
 *     working directory
 * @param spoolMaxBytes the most the spool (or durable log) holds on disk
 * @param spoolDropOldest when the spool (or durable log) is full, drop its oldest events (true) or the
 *     arriving ones (false); either way counted
 * @param durable every event goes to disk before publishing returns, and stays there until the
 *     destination confirms it ({@link DurableQueue})
 * @param syncNanos with {@code durable}: how often the log is forced to disk (0 = every event)
 */
public record QueueSettings(
        int size,
        OverflowPolicy overflow,
        Path spoolDir,
        long spoolMaxBytes,
        boolean spoolDropOldest,
        boolean durable,
        long syncNanos) {

    public static final String SIZE = "size";
    public static final String OVERFLOW = "overflow";
    public static final String SPOOL_DIR = "spool_dir";
    public static final String SPOOL_MAX_MB = "spool_max_mb";
    public static final String SPOOL_WHEN_FULL = "spool_when_full";
    public static final String DURABLE = "durable";
    public static final String SYNC = "sync";
    /** {@link #SYNC} in milliseconds, as a number: the spelling of the issue that asked for it. */
    public static final String SYNC_MS = "sync_ms";
    /** Every key of a {@code queue} object. */
    public static final List<String> KEYS =
            List.of(SIZE, OVERFLOW, SPOOL_DIR, SPOOL_MAX_MB, SPOOL_WHEN_FULL, DURABLE, SYNC, SYNC_MS);

    /** 1 GiB. */
    public static final long DEFAULT_SPOOL_BYTES = 1L << 30;
    /** Group commit every 5 ms: a power cut loses at most that much; a publisher never waits for it. */
    public static final long DEFAULT_SYNC_NANOS = 5_000_000L;

    public static final QueueSettings DEFAULT = new QueueSettings(10_000, OverflowPolicy.DROP_OLDEST);

    public QueueSettings(int size, OverflowPolicy overflow) {
        this(size, overflow, null, DEFAULT_SPOOL_BYTES, true, false, DEFAULT_SYNC_NANOS);
    }

    public QueueSettings(
            int size, OverflowPolicy overflow, Path spoolDir, long spoolMaxBytes, boolean spoolDropOldest) {
        this(size, overflow, spoolDir, spoolMaxBytes, spoolDropOldest, false, DEFAULT_SYNC_NANOS);
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
        if (syncNanos < 0 || syncNanos > 60_000_000_000L) {
            throw new IllegalArgumentException(
                    "sync must be between 0 (every event) and 60s, got " + syncNanos / 1e6 + " ms");
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
            Integer size,
            OverflowPolicy overflow,
            Path spoolDir,
            Long spoolMaxBytes,
            Boolean spoolDropOldest,
            Boolean durable,
            Long syncNanos) {

        /** Sets nothing. */
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);

        /** Reads and checks a {@code queue} object (the check lays it over the runtime's default). */
        public static Overrides read(JsonNode q) {
            Overrides o = new Overrides(
                    q.has(SIZE) ? q.get(SIZE).asInt() : null,
                    q.has(OVERFLOW) ? OverflowPolicy.fromConfig(q.get(OVERFLOW).asText()) : null,
                    q.has(SPOOL_DIR) ? Path.of(q.get(SPOOL_DIR).asText()) : null,
                    q.has(SPOOL_MAX_MB) ? (long) (q.get(SPOOL_MAX_MB).asDouble() * 1024 * 1024) : null,
                    q.has(SPOOL_WHEN_FULL)
                            ? !"drop-newest".equals(q.get(SPOOL_WHEN_FULL).asText())
                            : null,
                    q.has(DURABLE) ? bool(q.get(DURABLE)) : null,
                    sync(q));
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
                    spoolDropOldest != null ? spoolDropOldest : base.spoolDropOldest(),
                    durable != null ? durable : base.durable(),
                    syncNanos != null ? syncNanos : base.syncNanos());
        }
    }

    private static boolean bool(JsonNode v) {
        String text = v.asText();
        if (!v.isBoolean() && !"true".equals(text) && !"false".equals(text)) {
            throw new IllegalArgumentException("durable must be true or false, got '" + text + "'");
        }
        return v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(text);
    }

    /** {@code sync: 5ms} (a duration, {@code 0} = every event) or {@code sync_ms: 5}. */
    private static Long sync(JsonNode q) {
        if (q.has(SYNC)) {
            String text = q.get(SYNC).asText().trim();
            if (text.equals("0")) {
                return 0L;
            }
            try {
                return Durations.parse(text).toNanos();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sync: " + e.getMessage());
            }
        }
        if (q.has(SYNC_MS)) {
            double ms = q.get(SYNC_MS).asDouble(-1);
            if (ms < 0) {
                throw new IllegalArgumentException("sync_ms must be a number of milliseconds >= 0, got '"
                        + q.get(SYNC_MS).asText() + "'");
            }
            return (long) (ms * 1_000_000);
        }
        return null;
    }

    public QueueSettings withSize(int value) {
        return new QueueSettings(value, overflow, spoolDir, spoolMaxBytes, spoolDropOldest, durable, syncNanos);
    }

    public QueueSettings withOverflow(OverflowPolicy value) {
        return new QueueSettings(size, value, spoolDir, spoolMaxBytes, spoolDropOldest, durable, syncNanos);
    }

    public QueueSettings withDurable(boolean value) {
        return new QueueSettings(size, overflow, spoolDir, spoolMaxBytes, spoolDropOldest, value, syncNanos);
    }
}
