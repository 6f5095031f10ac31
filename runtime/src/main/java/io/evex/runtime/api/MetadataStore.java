package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata written into channels through the API ({@code metadata} events), the last
 * {@value #PER_CHANNEL} per channel and at most {@code http.limits.metadata_per_channel} bytes of
 * them (the oldest go first), for reading back by time.
 */
final class MetadataStore {

    static final int PER_CHANNEL = 10_000;

    private record Kept(ObjectNode event, int bytes) {}

    private final long maxBytesPerChannel;
    private final Map<String, ArrayDeque<Kept>> byChannel = new HashMap<>();
    private final Map<String, Long> bytesByChannel = new HashMap<>();

    MetadataStore(long maxBytesPerChannel) {
        this.maxBytesPerChannel = maxBytesPerChannel;
    }

    /** Keeps {@code event}, of {@code bytes} (its body's size as received). */
    synchronized void add(String channel, ObjectNode event, int bytes) {
        ArrayDeque<Kept> list = byChannel.computeIfAbsent(channel, c -> new ArrayDeque<>());
        long held = bytesByChannel.getOrDefault(channel, 0L) + bytes;
        list.addLast(new Kept(event, bytes));
        while (list.size() > PER_CHANNEL || held > maxBytesPerChannel) {
            held -= list.pollFirst().bytes();
        }
        bytesByChannel.put(channel, held);
    }

    /** Bytes kept for {@code channel}. */
    synchronized long bytes(String channel) {
        return bytesByChannel.getOrDefault(channel, 0L);
    }

    /** The channel's metadata events whose {@code system_timestamp} is in [from, to], oldest first. */
    synchronized List<ObjectNode> between(String channel, long fromMillis, long toMillis) {
        List<ObjectNode> out = new ArrayList<>();
        for (Kept k : byChannel.getOrDefault(channel, new ArrayDeque<>())) {
            ObjectNode e = k.event();
            long t = e.path("system_timestamp").asLong();
            if (t >= fromMillis && t <= toMillis) {
                out.add(e);
            }
        }
        return out;
    }
}
