package io.evex.runtime.bus.queue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EnvelopeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event read back from a {@link Spool}: its bytes as they were delivered. Only the envelope's
 * top-level fields are read when it is taken (a streaming pass that also checks the whole record is
 * JSON); the tree is built the first time an exporter asks for it. Most exporters send the bytes as
 * they are, so a backlog drains without parsing every event again.
 */
final class StoredEvent extends EnvelopeEvent {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final byte[] bytes;
    private ObjectNode json;

    private StoredEvent(byte[] bytes, String type, int version, String eventId, String channel) {
        super(type, version, eventId, channel);
        this.bytes = bytes;
    }

    /** The record as an event, or null when it is not a JSON object. */
    static StoredEvent parse(byte[] bytes) {
        String type = "";
        int version = 0;
        String eventId = "";
        String channel = "";
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "$id" -> type = value == JsonToken.VALUE_STRING ? p.getText() : type;
                    case "$version" -> version = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : version;
                    case "event_id" -> eventId = value == JsonToken.VALUE_STRING ? p.getText() : eventId;
                    case "channel" -> channel = value == JsonToken.VALUE_STRING ? p.getText() : channel;
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new StoredEvent(bytes, type, version, eventId, channel);
    }

    /** Built on first use, on the exporter's thread (an event is taken by one worker). */
    @Override
    public ObjectNode json() {
        if (json == null) {
            try {
                json = (ObjectNode) MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("a spooled event checked when read no longer parses", e);
            }
        }
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
