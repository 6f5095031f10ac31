package io.evex.runtime.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An event read back from a {@link Spool}: its bytes as they were delivered, parsed once. */
final class StoredEvent implements Event {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final byte[] bytes;
    private final ObjectNode json;

    StoredEvent(byte[] bytes) {
        this.bytes = bytes;
        try {
            this.json = (ObjectNode) MAPPER.readTree(bytes);
        } catch (IOException | ClassCastException e) {
            throw new UncheckedIOException("a spooled event is not a JSON object", e instanceof IOException io ? io : new IOException(e));
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
