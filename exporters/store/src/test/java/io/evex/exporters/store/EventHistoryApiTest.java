package io.evex.exporters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history over HTTP (issue 26 point 2): a cursor walks 50 000 events in pages of 100 while
 * others arrive, each exactly once; stats equal the counts of the JSON exporter's file; a group's
 * token sees its channels only; bad parameters are named.
 */
class EventHistoryApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    static ObjectNode area(String channel, long at, int n) {
        ObjectNode e = JSON.createObjectNode()
                .put("$id", "event-area-enter")
                .put("$version", 2)
                .put("event_id", channel + "-" + at + "-" + n)
                .put("channel", channel)
                .put("frame_id", n)
                .put("frame_time", n / 5.0)
                .put("system_timestamp", at)
                .put("system_date", Instant.ofEpochMilli(at).toString())
                .put("zone", n % 3 == 0 ? "door" : "yard")
                .put("area_id", "a")
                .put("area_name", "a")
                .put("tracking_id", "t-" + n)
                .put("object_class", "person")
                .put("confidence", 0.9);
        e.putObject("location").put("x", 0.5).put("y", 0.5).put("width", 0.1).put("height", 0.2);
        return e;
    }

    @Test
    void aCursorWalksEveryEventOnceWhileOthersArrive() throws Exception {
        try (StoreRuntime r = new StoreRuntime(dir)) {
            long t0 = System.currentTimeMillis() - 10 * HOUR;
            Set<String> published = new HashSet<>();
            for (int i = 0; i < 50_000; i++) {
                ObjectNode e = area(i % 2 == 0 ? "lobby" : "dock", t0 + i * 500L, i);
                published.add(e.get("event_id").asText());
                r.evex().publisher().accept(e);
            }
            long last = t0 + 49_999 * 500L;
            Waits.until("50 000 stored", Duration.ofSeconds(60), () -> r.stored() >= 50_000);
            AtomicBoolean more = new AtomicBoolean(true);
            Thread arriving = new Thread(() -> {
                for (int n = 0; more.get(); n++) {
                    r.evex().publisher().accept(area("lobby", System.currentTimeMillis(), 100_000 + n));
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            });
            arriving.start();
            try {
                for (String order : List.of("oldest", "newest")) {
                    List<String> walked = walk(r, "/api/v1/events?to=" + last + "&limit=100&order=" + order);
                    assertEquals(50_000, walked.size(), order + " first: every event");
                    assertEquals(published, new HashSet<>(walked), order + " first: each once");
                }
            } finally {
                more.set(false);
                arriving.join();
            }
        }
    }

    private static List<String> walk(StoreRuntime r, String first) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            JsonNode answer = r.json(first + (cursor == null ? "" : "&cursor=" + cursor), StoreRuntime.ADMIN);
            answer.path("events").forEach(e -> ids.add(e.path("event_id").asText()));
            if (answer.path("events").isEmpty() || answer.path("next").isNull()) {
                return ids;
            }
            cursor = answer.path("next").asText();
        }
        throw new AssertionError("more than 1 000 pages");
    }

    @Test
    void statsEqualTheJsonFilesCountsAndAGroupSeesItsChannelsOnly() throws Exception {
        try (StoreRuntime r = new StoreRuntime(dir)) {
            long t0 = System.currentTimeMillis() / HOUR * HOUR - 30 * HOUR;
            for (int i = 0; i < 3_000; i++) { // spread over 30 hours, unevenly
                r.evex().publisher().accept(area(i % 3 == 0 ? "dock" : "lobby", t0 + (long) (i * i * 0.0012) * 100, i));
            }
            Waits.until("3 000 stored", Duration.ofSeconds(30), () -> r.stored() >= 3_000);
            Map<Long, Integer> expected = new TreeMap<>();
            for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
                JsonNode e = JSON.readTree(line);
                if (e.path("$id").asText().equals("event-area-enter")
                        && e.path("zone").asText().equals("door")) {
                    expected.merge((e.path("system_timestamp").asLong() - t0) / HOUR * HOUR + t0, 1, Integer::sum);
                }
            }
            JsonNode stats = r.json(
                    "/api/v1/events/stats?bucket=1h&type=event-area-enter&zone=door&from=" + t0 + "&to="
                            + (t0 + 31 * HOUR - 1),
                    StoreRuntime.ADMIN);
            Map<Long, Integer> counted = new TreeMap<>();
            stats.path("buckets").forEach(b -> {
                if (b.path("count").asInt() > 0) {
                    counted.put(b.path("start").asLong(), b.path("count").asInt());
                }
            });
            assertEquals(expected, counted);
            assertEquals(31, stats.path("buckets").size(), "every hour, the empty ones too");

            tokensSeeTheirChannelsOnly(r, t0);
            assertBadRequest(r, "/api/v1/events?cursor=somewhere", "cursor");
            assertBadRequest(r, "/api/v1/events?order=sideways", "order");
            assertBadRequest(r, "/api/v1/events/stats?bucket=often", "bucket");
            assertBadRequest(r, "/api/v1/events/stats?bucket=1s&from=0", "bucket");
        }
    }

    /** A group's token sees its channels, a channel's token that channel only (403 for another, 404 by id). */
    private static void tokensSeeTheirChannelsOnly(StoreRuntime r, long t0) throws Exception {
        JsonNode group = JSON.readTree(r.send(
                        "POST",
                        "/api/v1/groups",
                        StoreRuntime.ADMIN,
                        "{\"name\": \"front\", \"channels\": [\"lobby\", \"dock\"]}")
                .body());
        Set<String> both = new HashSet<>();
        r.json("/api/v1/events?limit=1000&from=" + t0, group.path("token").asText())
                .path("events")
                .forEach(e -> both.add(e.path("channel").asText()));
        assertEquals(Set.of("lobby", "dock"), both, "the group's token: its two channels");
        String token = r.json("/api/v1/groups/" + group.path("id").asText() + "/channels", StoreRuntime.ADMIN)
                .at("/channels/0/token")
                .asText(); // lobby's own token
        JsonNode seen = r.json("/api/v1/events?limit=1000&from=" + t0, token);
        assertEquals(1000, seen.path("events").size());
        seen.path("events").forEach(e -> assertEquals("lobby", e.path("channel").asText()));
        assertEquals(403, r.get("/api/v1/events?channel=dock", token).statusCode());
        String dockEvent = r.json("/api/v1/events?channel=dock&limit=1", StoreRuntime.ADMIN)
                .at("/events/0/event_id")
                .asText();
        assertEquals(404, r.get("/api/v1/events/" + dockEvent, token).statusCode(), "no hint that it exists");
        assertEquals(
                200, r.get("/api/v1/events/" + dockEvent, StoreRuntime.ADMIN).statusCode());
    }

    private static void assertBadRequest(StoreRuntime r, String path, String field) throws Exception {
        var answer = r.get(path, StoreRuntime.ADMIN);
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"field\":\"" + field + "\""), answer.body());
    }
}
