package io.evex.api.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an event store keeps in columns of its own, for the filters people use: read once from an
 * event the same way by every store (the embedded one, PostgreSQL).
 *
 * @param occupancy an occupancy event's count, else null
 */
public record EventColumns(
        String eventId,
        long timestamp,
        String channel,
        String type,
        int version,
        String zone,
        String line,
        String className,
        String trackingId,
        Double occupancy) {

    /** The columns of {@code event}. */
    public static EventColumns of(JsonNode event) {
        String className = first(text(event.path("object"), "class"), text(event, "object_class"));
        String zone = text(event, "zone");
        return new EventColumns(
                event.path("event_id").asText(),
                event.path("system_timestamp").asLong(),
                event.path("channel").asText(),
                event.path("$id").asText(),
                event.path("$version").asInt(),
                first(zone, text(event, "area_id")),
                first(text(event, "line"), text(event, "tripwire_id")),
                className == null ? null : className.toLowerCase(java.util.Locale.ROOT),
                first(text(event, "tracking_id"), text(event, "ref_tracking_id")),
                event.path("$id").asText().equals("event-occupancy")
                                && event.path("count").isNumber()
                        ? event.path("count").asDouble()
                        : null);
    }

    /** The column names in the order {@link #bind} sets them. */
    public static final String NAMES =
            "event_id, ts, channel, type, version, zone, line, class, tracking_id, occupancy";

    /** Sets parameters 1 to 10 of {@code s} to these columns, in the order of {@link #NAMES}. */
    public void bind(java.sql.PreparedStatement s) throws java.sql.SQLException {
        s.setString(1, eventId);
        s.setLong(2, timestamp);
        s.setString(3, channel);
        s.setString(4, type);
        s.setInt(5, version);
        s.setString(6, zone);
        s.setString(7, line);
        s.setString(8, className);
        s.setString(9, trackingId);
        if (occupancy == null) {
            s.setNull(10, java.sql.Types.DOUBLE);
        } else {
            s.setDouble(10, occupancy);
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String text(JsonNode event, String field) {
        JsonNode v = event.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
