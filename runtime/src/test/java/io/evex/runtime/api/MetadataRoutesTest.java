package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Metadata written into a channel by a VMS: kept, published, read back, bounded (no video needed: on a fake host). */
class MetadataRoutesTest extends FakeHostTest {

    @Test
    void metadataIsKeptPublishedAndReadBack() throws Exception {
        long from = System.currentTimeMillis();
        JsonNode made = ok(
                "post",
                "/channels/lobby/metadata",
                "/channels/{id}/metadata",
                201,
                api.send(
                        "POST", "/api/v1/channels/lobby/metadata?source=vms", ADMIN, "{\"door\": \"open\", \"n\": 3}"));
        JsonNode back = ok(
                "get",
                "/channels/lobby/metadata",
                "/channels/{id}/metadata",
                200,
                api.get("/api/v1/channels/lobby/metadata?from=" + from, ADMIN));
        assertEquals(1, back.get("metadata").size());
        assertEquals("open", back.at("/metadata/0/data/door").asText());
        assertEquals("vms", back.at("/metadata/0/source").asText());
        JsonNode events =
                ok("get", "/events", "/events", 200, api.get("/api/v1/events?type=metadata&channel=lobby", ADMIN));
        assertTrue(events.toString().contains(made.get("event_id").asText()), "published on the bus: " + events);
        String big = "{\"x\": \"" + "y".repeat(70_000) + "\"}";
        refused(
                api.send("POST", "/api/v1/channels/lobby/metadata", ADMIN, big),
                413,
                "/channels/{id}/metadata",
                "post",
                "body");
        refused(
                api.send("POST", "/api/v1/channels/lobby/metadata", ADMIN, "{not json"),
                400,
                "/channels/{id}/metadata",
                "post",
                "body");
    }
}
