package io.evex.runtime.bus.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A spooled record read back: the envelope without the tree, the tree when asked, bad records refused. */
class StoredEventTest {

    private static StoredEvent parse(String json) {
        return StoredEvent.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theEnvelopeIsReadWithoutTheTreeAndTheBytesStayAsTheyWere() {
        String line = "{\"regions\":[{\"box\":{\"l\":0.1,\"t\":{\"channel\":\"inner\"}}}],\"$id\":\"event-motion\","
                + "\"channel\":\"dock\",\"$version\":1,\"event_id\":\"e-1\",\"motion_ratio\":0.125}";
        StoredEvent e = parse(line);
        assertEquals("event-motion", e.type());
        assertEquals(1, e.version());
        assertEquals("e-1", e.eventId());
        assertEquals("dock", e.channel(), "a nested 'channel' is not the envelope's");
        assertEquals(line, new String(e.bytes(), StandardCharsets.UTF_8));
        assertEquals(0.125, e.json().get("motion_ratio").asDouble());
        assertSame(e.json(), e.json(), "parsed once");
    }

    @Test
    void whatIsNotOneWholeJsonObjectIsRefused() {
        assertNull(parse("[1,2]"));
        assertNull(parse("{\"$id\":\"x\",\"a\":[1,2}"));
        assertNull(parse("{\"$id\":\"x\"} trailing"));
        assertNull(parse("{\"$id\":\"x\""));
        assertNull(parse(""));
    }
}
