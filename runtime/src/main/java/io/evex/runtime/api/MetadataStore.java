package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata written into channels through the API ({@code metadata} events), the last
 * {@value #PER_CHANNEL} per channel, for reading back by time.
 */
final class MetadataStore {

    static final int PER_CHANNEL = 10_000;

    private final Map<String, ArrayDeque<ObjectNode>> byChannel = new HashMap<>();

    synchronized void add(String channel, ObjectNode event) {
        ArrayDeque<ObjectNode> list = byChannel.computeIfAbsent(channel, c -> new ArrayDeque<>());
        if (list.size() == PER_CHANNEL) {
            list.pollFirst();
        }
        list.addLast(event);
    }

    /** The channel's metadata events whose {@code system_timestamp} is in [from, to], oldest first. */
    synchronized List<ObjectNode> between(String channel, long fromMillis, long toMillis) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : byChannel.getOrDefault(channel, new ArrayDeque<>())) {
            long t = e.path("system_timestamp").asLong();
            if (t >= fromMillis && t <= toMillis) {
                out.add(e);
            }
        }
        return out;
    }
}
