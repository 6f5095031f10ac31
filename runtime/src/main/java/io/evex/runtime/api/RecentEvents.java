package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last events published (at most {@code capacity}), newest last, for {@code GET /events}. The
 * events are the bus's own objects, kept by reference: nothing is copied or serialised until a
 * client asks.
 */
final class RecentEvents {

    private final int capacity;
    private final ArrayDeque<ObjectNode> events;

    RecentEvents(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    synchronized void add(ObjectNode event) {
        if (events.size() == capacity) {
            events.pollFirst();
        }
        events.addLast(event);
    }

    /** Up to {@code limit} of the newest events of {@code type} and {@code channel} (null = any), oldest first. */
    synchronized List<ObjectNode> newest(String type, String channel, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        for (Iterator<ObjectNode> it = events.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            ObjectNode e = it.next();
            if ((type == null || type.equals(e.path("$id").asText()))
                    && (channel == null || channel.equals(e.path("channel").asText()))) {
                out.add(e);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
