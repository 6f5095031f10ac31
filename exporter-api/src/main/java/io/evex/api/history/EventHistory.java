package io.evex.api.history;

import java.util.List;
import java.util.Optional;

/**
 * An exporter that keeps the events it gets and can be asked for them again: the runtime's API
 * answers {@code GET /api/v1/events}, {@code /events/{id}} and {@code /events/stats} from the first
 * exporter that implements this. Called from the API's threads while events are delivered: answer
 * from what is stored, never block on delivery.
 *
 * @since 0.6
 */
public interface EventHistory {

    /** A page of the events that match, in time order (then order of arrival). */
    EventPage query(EventQuery query);

    /** The event with this id, as its JSON text. */
    Optional<String> find(String eventId);

    /** Counts per bucket, from the first bucket to the last (empty ones included). */
    List<Bucket> stats(StatsQuery query);

    /** A picture an event referred to (a crop), by the name its stored event gives, when kept. */
    default Optional<java.nio.file.Path> picture(String eventId) {
        return Optional.empty();
    }
}
