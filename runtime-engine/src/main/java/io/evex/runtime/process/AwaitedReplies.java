package io.evex.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The events written to a filter program that it has not answered yet, oldest first, and the rules
 * that pair replies with them (see {@link PreprocessFilter}). Not thread-safe: the filter holds its
 * lock around every call.
 */
final class AwaitedReplies {

    /** An event written to the program, and when its reply is due. */
    record Pending(ObjectNode event, long deadlineNanos) {
        String eventId() {
            return event.path("event_id").asText();
        }
    }

    /** What a reply answered, and how many earlier events it showed were dropped by silence. */
    record Answer(Pending pending, int droppedBySilence) {}

    private final ArrayDeque<Pending> awaiting = new ArrayDeque<>();

    void add(ObjectNode event, long deadlineNanos) {
        awaiting.addLast(new Pending(event, deadlineNanos));
    }

    /**
     * The event a reply answers: the waiting one whose {@code event_id} it carries, the events
     * before that one having been dropped by silence; otherwise the oldest. Null pending when
     * nothing waits.
     */
    Answer answer(JsonNode reply) {
        Pending named = named(reply);
        int silent = 0;
        if (named != null) {
            while (awaiting.peekFirst() != named) {
                awaiting.pollFirst();
                silent++;
            }
        }
        return new Answer(awaiting.pollFirst(), silent);
    }

    private Pending named(JsonNode reply) {
        if (reply == null || awaiting.isEmpty()) {
            return null;
        }
        for (JsonNode event : reply.isArray() ? reply : List.of(reply)) {
            String id = event.path("event_id").asText("");
            if (!id.isEmpty()) {
                for (Pending p : awaiting) {
                    if (id.equals(p.eventId())) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** Whether the oldest waiting event is overdue at {@code nowNanos}. */
    boolean overdue(long nowNanos) {
        Pending head = awaiting.peekFirst();
        return head != null && nowNanos - head.deadlineNanos() > 0;
    }

    /** Removes and returns the events overdue at {@code nowNanos}, oldest first. */
    List<Pending> takeOverdue(long nowNanos) {
        List<Pending> overdue = new ArrayList<>();
        while (overdue(nowNanos)) {
            overdue.add(awaiting.pollFirst());
        }
        return overdue;
    }

    /** Removes and returns every waiting event (the program is gone). */
    List<Pending> takeAll() {
        List<Pending> all = List.copyOf(awaiting);
        awaiting.clear();
        return all;
    }

    boolean isEmpty() {
        return awaiting.isEmpty();
    }
}
