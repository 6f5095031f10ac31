package io.evex.runtime.api;

import static io.evex.runtime.api.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Events posted by a client: validated all or nothing, then published. */
class EventRoutesTest extends FakeHostTest {

    @Test
    void eventsPostedAreValidatedAllOrNothingAndPublished() throws Exception {
        String track =
                "{\"$id\": \"track\", \"$version\": 3, \"channel\": \"lobby\", \"frame_id\": 7, \"frame_time\": 0.28,"
                        + " \"tracking_id\": \"ext-1\", \"object\": {\"class\": \"person\", \"confidence\": 0.9},"
                        + " \"box\": {\"l\": 0.1, \"t\": 0.1, \"w\": 0.2, \"h\": 0.3}, \"state\": \"new\"}";
        JsonNode accepted = ok("post", "/events", "/events", 202, api.send("POST", "/api/v1/events", ADMIN, track));
        assertEquals(1, accepted.get("accepted").asInt());
        String id = accepted.at("/event_ids/0").asText();
        JsonNode recent = ok("get", "/events", "/events", 200, api.get("/api/v1/events?type=track&limit=10", ADMIN));
        assertTrue(recent.toString().contains(id), recent.toString());

        String bad = "[" + track + ", {\"$id\": \"track\", \"$version\": 3, \"channel\": \"lobby\", \"frame_id\": 1,"
                + " \"frame_time\": 0, \"tracking_id\": \"\", \"object\": {\"class\": \"x\"}, \"box\": {\"l\": 2}}]";
        HttpResponse<byte[]> r = api.send("POST", "/api/v1/events", ADMIN, bad);
        JsonNode refusal = ok("post", "/events", "/events", 400, r);
        assertTrue(refusal.get("problems").size() > 0);
        refusal.get("problems").forEach(p -> assertEquals(1, p.get("index").asInt(), p.toString()));
        assertTrue(refusal.toString().contains("/box"), refusal.toString());
        JsonNode after = json(api.get("/api/v1/events?type=track&limit=1000", ADMIN));
        assertEquals(1, after.toString().split("ext-1", -1).length - 1, "nothing of the refused batch was published");
        assertEquals(1, host.published.size(), "one event reached the host's publisher: " + host.published);
        HttpResponse<byte[]> unknown =
                api.send("POST", "/api/v1/events", ADMIN, "{\"$id\": \"nope\", \"channel\": \"lobby\"}");
        assertTrue(
                json(unknown).toString().contains("unknown event type"),
                json(unknown).toString());
        String huge = track.replaceFirst("\\{", "{\"blob\": \"" + "x".repeat(70_000) + "\", ");
        JsonNode tooLarge = ok("post", "/events", "/events", 400, api.send("POST", "/api/v1/events", ADMIN, huge));
        assertTrue(tooLarge.toString().contains("at most 64 KiB"), "the newest events kept stay bounded in memory");
    }
}
