package io.evex.bench.drill;

import java.util.HashSet;
import java.util.Set;

/** The {@code event_id}s seen in events' JSON, each once, and how many arrived in all. */
public final class EventIds {

    private static final String KEY = "\"event_id\":\"";

    private final Set<String> seen = new HashSet<>();
    private long received;

    /** Reads the id from an event's JSON; ignores text without one. */
    public synchronized void add(String json) {
        int at = json.indexOf(KEY);
        if (at >= 0) {
            int end = json.indexOf('"', at + KEY.length());
            if (end > 0) {
                received++;
                seen.add(json.substring(at + KEY.length(), end));
            }
        }
    }

    public synchronized long received() {
        return received;
    }

    public synchronized int distinct() {
        return seen.size();
    }

    /** How many of {@code expected}'s ids were not seen here. */
    public synchronized long missingOf(EventIds expected) {
        Set<String> theirs;
        synchronized (expected) {
            theirs = new HashSet<>(expected.seen);
        }
        theirs.removeAll(seen);
        return theirs.size();
    }
}
