package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the events of zones and lines: {@code event-area-enter}/{@code -exit} v2,
 * {@code event-line-crossing} v2, {@code event-loitering}/{@code -end}, {@code event-intrusion}/{@code -end}
 * and {@code event-occupancy} v1 (their schemas under {@code schemas/}).
 */
public final class RuleEvents {

    private RuleEvents() {}

    /** The version each type is built in. */
    public static int version(String type) {
        return switch (type) {
            case "event-area-enter", "event-area-exit", "event-line-crossing" -> 2;
            default -> 1;
        };
    }

    /**
     * An object's event about a zone ({@code event-area-*}, {@code event-loitering*}, {@code event-intrusion*});
     * {@code seconds} is written for loitering only.
     */
    public static ObjectNode zone(
            ObjectNode event,
            String type,
            String zone,
            String trackingId,
            String label,
            double confidence,
            double[] box,
            double seconds) {
        event.put("zone", zone);
        if (type.startsWith("event-area")) {
            event.put("area_id", zone).put("area_name", zone);
        }
        object(event, trackingId, label, confidence, box);
        if (type.startsWith("event-loitering")) {
            event.put("seconds", Numbers.tenThousandths(seconds));
        }
        return event;
    }

    /** An {@code event-line-crossing}: {@code direction} a-b or b-a. */
    public static ObjectNode crossing(
            ObjectNode event,
            String line,
            String direction,
            String trackingId,
            String label,
            double confidence,
            double[] box) {
        event.put("line", line).put("tripwire_id", line).put("crossing_direction", direction);
        return object(event, trackingId, label, confidence, box);
    }

    /** An {@code event-occupancy}: {@code state} above or within. */
    public static ObjectNode occupancy(ObjectNode event, String zone, int count, int max, String state) {
        return event.put("zone", zone).put("count", count).put("max", max).put("state", state);
    }

    private static ObjectNode object(ObjectNode event, String trackingId, String label, double confidence, double[] b) {
        event.put("tracking_id", trackingId).put("object_class", label).put("confidence", Numbers.share(confidence));
        ObjectNode location = event.putObject("location");
        location.put("x", Numbers.share(b[0])).put("y", Numbers.share(b[1]));
        location.put("width", Numbers.share(b[2])).put("height", Numbers.share(b[3]));
        return event;
    }
}
