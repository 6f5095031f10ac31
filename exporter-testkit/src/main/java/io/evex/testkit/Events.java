package io.evex.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.runtime.bus.SharedEvent;
import io.evex.runtime.event.EventEnvelope;

/**
 * Schema-valid events for exporter tests, shaped and shared as the runtime delivers them (the
 * tree and bytes are the ones every exporter of that version would get).
 * <pre>{@code
 * Event e = Events.track("lobby", 12);
 * Event m = Events.of(Events.start("metadata", 1, "lobby", 3).put("note", "door opened"));
 * }</pre>
 */
public final class Events {

    private static final EventEnvelope ENVELOPE = new EventEnvelope();

    private Events() {}

    /** A new event of {@code type} in {@code version}, envelope filled in (unique id, times); add its fields. */
    public static ObjectNode start(String type, int version, String channel, long frameId) {
        return ENVELOPE.start(type, version, channel, frameId, frameId / 25.0, 1_795_446_600_000L + frameId * 40);
    }

    /** The tree as the runtime would deliver it. Hand it over: do not change it afterwards. */
    public static Event of(ObjectNode json) {
        return new SharedEvent(
                json, json.path("$id").asText(), json.path("$version").asInt());
    }

    /** A {@code track} v2: a person at a fixed box, tracked as {@code t-<frame>}. */
    public static Event track(String channel, long frameId) {
        ObjectNode e = start("track", 2, channel, frameId);
        e.put("tracking_id", "t-" + frameId);
        e.putObject("object").put("class", "Person").put("confidence", 0.75);
        e.putObject("box").put("l", 0.1).put("t", 0.2).put("w", 0.3).put("h", 0.4);
        return of(e);
    }

    /** An {@code event-motion} v1 with one region. */
    public static Event motion(String channel, long frameId) {
        ObjectNode e = start("event-motion", 1, channel, frameId);
        e.put("motion_ratio", 0.05);
        e.putArray("regions")
                .addObject()
                .putObject("box")
                .put("l", 0.2)
                .put("t", 0.3)
                .put("w", 0.1)
                .put("h", 0.2);
        return of(e);
    }

    /** A {@code metadata} v1 carrying {@code note}. */
    public static Event metadata(String channel, long frameId, String note) {
        ObjectNode e = start("metadata", 1, channel, frameId);
        e.put("source", "test").putObject("data").put("note", note);
        return of(e);
    }
}
