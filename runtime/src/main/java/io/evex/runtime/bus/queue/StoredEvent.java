package io.evex.runtime.bus.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import java.io.IOException;

/** An event read back from a {@link Spool}: its bytes as they were delivered, parsed once. */
final class StoredEvent implements Event {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final byte[] bytes;
    private final ObjectNode json;

    private StoredEvent(byte[] bytes, ObjectNode json) {
        this.bytes = bytes;
        this.json = json;
    }

    /** The record as an event, or null when it is not a JSON object. */
    static StoredEvent parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes) instanceof ObjectNode json ? new StoredEvent(bytes, json) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String type() {
        return json.path("$id").asText();
    }

    @Override
    public int version() {
        return json.path("$version").asInt();
    }

    @Override
    public String eventId() {
        return json.path("event_id").asText();
    }

    @Override
    public String channel() {
        return json.path("channel").asText();
    }

    @Override
    public ObjectNode json() {
        return json;
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return eventId() + " (" + type() + " v" + version() + ", from the spool)";
    }
}
