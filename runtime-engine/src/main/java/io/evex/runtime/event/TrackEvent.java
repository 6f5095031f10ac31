package io.evex.runtime.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds {@code track} v3 ({@code schemas/track/v3.schema.json}). */
public final class TrackEvent {

    public static final String TYPE = "track";
    public static final int VERSION = 3;

    private TrackEvent() {}

    /**
     * Adds a tracked object's fields to {@code event} (started by the envelope).
     *
     * @param box {@code l, t, w, h} normalised; clamped to the picture
     * @param dx horizontal speed in picture widths per second
     * @param state {@code new}, {@code update} or {@code end}
     */
    public static ObjectNode fill(
            ObjectNode event,
            String trackingId,
            String label,
            double confidence,
            double[] box,
            double dx,
            double dy,
            String state,
            double ageSeconds) {
        event.put("tracking_id", trackingId);
        event.putObject("object").put("class", label).put("confidence", Numbers.share(confidence));
        box(event.putObject("box"), box);
        event.putObject("velocity").put("dx", Numbers.tenThousandths(dx)).put("dy", Numbers.tenThousandths(dy));
        return event.put("state", state).put("age_s", Numbers.tenThousandths(ageSeconds));
    }

    /** Adds an attribute of the object (a classifier's answer) to a filled {@code track} event. */
    public static void attribute(ObjectNode event, String name, String value, double confidence) {
        ObjectNode object = (ObjectNode) event.get("object");
        com.fasterxml.jackson.databind.node.ArrayNode list = object.has("attributes")
                ? (com.fasterxml.jackson.databind.node.ArrayNode) object.get("attributes")
                : object.putArray("attributes");
        list.addObject().put("name", name).put("value", value).put("confidence", Numbers.share(confidence));
    }

    /** An {@code l, t, w, h} box inside the picture: a box reaching past an edge is cut there. */
    static void box(ObjectNode box, double[] b) {
        double l = Numbers.share(b[0]);
        double t = Numbers.share(b[1]);
        box.put("l", l).put("t", t);
        box.put("w", Numbers.share(Math.min(b[2], 1 - l))).put("h", Numbers.share(Math.min(b[3], 1 - t)));
    }
}
