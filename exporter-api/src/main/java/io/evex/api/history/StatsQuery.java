package io.evex.api.history;

import java.util.Set;

/**
 * Counts of events per time bucket.
 *
 * @param fromMillis the first bucket starts here (rounded down to a bucket's start)
 * @param toMillis the last bucket holds this time
 * @param bucketMillis each bucket's length
 * @param channels the channels to count; null for every channel
 * @param type an event type, or null for all
 * @param zone a zone's name, or null
 */
public record StatsQuery(
        long fromMillis, long toMillis, long bucketMillis, Set<String> channels, String type, String zone) {

    public StatsQuery {
        channels = channels == null ? null : Set.copyOf(channels);
        if (bucketMillis < 1_000) {
            throw new IllegalArgumentException("a bucket is at least 1s");
        }
    }
}
