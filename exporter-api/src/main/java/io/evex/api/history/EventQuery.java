package io.evex.api.history;

import java.util.Set;

/**
 * Which events, and which page of them.
 *
 * @param fromMillis the oldest {@code system_timestamp}, inclusive
 * @param toMillis the newest, inclusive
 * @param channels the channels to look in; null for every channel
 * @param type an event type, or null for all
 * @param zone a zone's name, or null
 * @param line a line's name, or null
 * @param className an object class ({@code person}), or null
 * @param trackingId a tracked object's id, or null
 * @param limit at most this many events
 * @param cursor where the previous page ended ({@link EventPage#next()}), or null for the first page
 * @param newestFirst the newest first, or the oldest first
 */
public record EventQuery(
        long fromMillis,
        long toMillis,
        Set<String> channels,
        String type,
        String zone,
        String line,
        String className,
        String trackingId,
        int limit,
        String cursor,
        boolean newestFirst) {

    public EventQuery {
        channels = channels == null ? null : Set.copyOf(channels);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, not " + limit);
        }
    }
}
