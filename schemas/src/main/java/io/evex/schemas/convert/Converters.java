package io.evex.schemas.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The known converters, and chains of them from any version of a type to any other. */
public final class Converters {

    private final Map<String, List<EventConverter>> byType = new HashMap<>();

    public Converters(List<EventConverter> converters) {
        for (EventConverter c : converters) {
            byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c);
        }
    }

    /** The converters shipped with Evex. */
    public static Converters builtIn() {
        List<EventConverter> all = new ArrayList<>(List.of(new TrackV1ToV2(), new TrackV2ToV1()));
        // track v3 adds the state and age; a v2 event becomes a v3 "update" (its age unknown)
        all.addAll(FieldStep.both("track", 2, FieldStep.constant("state", "update"), FieldStep.optional("age_s")));
        all.addAll(FieldStep.both("statistics", 1, FieldStep.optional("stages")));
        // inference v2 adds the call (extension) and an opaque answer's body (payload)
        all.addAll(FieldStep.both("inference", 1, FieldStep.optional("extension"), FieldStep.optional("payload")));
        all.addAll(FieldStep.both("event-area-enter", 1, FieldStep.copy("zone", "area_id")));
        all.addAll(FieldStep.both("event-area-exit", 1, FieldStep.copy("zone", "area_id")));
        all.addAll(FieldStep.both("event-line-crossing", 1, FieldStep.copy("line", "tripwire_id")));
        return new Converters(all);
    }

    /** The shortest chain of converters from one version to another; empty list if equal. */
    public Optional<List<EventConverter>> chain(String type, int from, int to) {
        if (from == to) {
            return Optional.of(List.of());
        }
        List<EventConverter> candidates = byType.getOrDefault(type, List.of());
        Map<Integer, EventConverter> reachedBy = new HashMap<>();
        ArrayDeque<Integer> frontier = new ArrayDeque<>(List.of(from));
        while (!frontier.isEmpty()) {
            int at = frontier.poll();
            for (EventConverter c : candidates) {
                if (c.from() == at && c.to() != from && !reachedBy.containsKey(c.to())) {
                    reachedBy.put(c.to(), c);
                    if (c.to() == to) {
                        return Optional.of(walkBack(reachedBy, from, to));
                    }
                    frontier.add(c.to());
                }
            }
        }
        return Optional.empty();
    }

    private static List<EventConverter> walkBack(Map<Integer, EventConverter> reachedBy, int from, int to) {
        List<EventConverter> chain = new ArrayList<>();
        for (int v = to; v != from; v = reachedBy.get(v).from()) {
            chain.add(reachedBy.get(v));
        }
        Collections.reverse(chain);
        return chain;
    }

    /**
     * Converts an event to another version of its type.
     *
     * @throws IllegalArgumentException when no chain of converters leads there
     */
    public ObjectNode convert(ObjectNode event, String type, int from, int to) {
        List<EventConverter> chain = chain(type, from, to)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no converter chain for '" + type + "' from version " + from + " to " + to));
        ObjectNode result = event;
        for (EventConverter c : chain) {
            result = c.convert(result);
        }
        return result;
    }
}
