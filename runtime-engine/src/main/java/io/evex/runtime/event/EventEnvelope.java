package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts new events with the fields every event carries ({@code $id}, {@code $version},
 * {@code event_id}, {@code channel}, {@code frame_id}, {@code frame_time},
 * {@code system_timestamp}, {@code system_date}). Event ids are unique across runs: a random
 * per-process prefix and a sequence number, cheaper than a UUID per event.
 */
public final class EventEnvelope {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String prefix = Long.toString(System.currentTimeMillis(), 36) + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();

    /** A new event of {@code type} in {@code version}, envelope filled, ready for its own fields. */
    public ObjectNode start(
            String type, int version, String channel, long frameId, double frameTime, long epochMillis) {
        ObjectNode e = NODES.objectNode();
        e.put("$id", type);
        e.put("$version", version);
        e.put("event_id", prefix + sequence.incrementAndGet());
        e.put("channel", channel);
        e.put("frame_id", frameId);
        e.put("frame_time", frameTime);
        e.put("system_timestamp", epochMillis);
        e.put("system_date", Instant.ofEpochMilli(epochMillis).toString());
        return e;
    }
}
