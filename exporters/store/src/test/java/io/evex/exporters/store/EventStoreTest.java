package io.evex.exporters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.api.history.Bucket;
import io.evex.api.history.EventPage;
import io.evex.api.history.EventQuery;
import io.evex.api.history.StatsQuery;
import io.evex.testkit.Events;
import io.evex.testkit.TestExporterContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store as the API uses it: history across restarts, retention, filters, pictures, counts. */
class EventStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    StoreExporter open(Map<String, Object> extra) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "path",
                dir.resolve("events.db").toString(),
                "pictures",
                dir.resolve("pictures").toString()));
        settings.putAll(extra);
        StoreExporter store = new StoreExporter();
        store.start(TestExporterContext.of(new StoreExporterFactory())
                .settings(settings)
                .build());
        return store;
    }

    static Event area(String channel, long at, String zone, String className) {
        ObjectNode e = Events.start("event-area-enter", 2, channel, 1);
        e.put("system_timestamp", at)
                .put("zone", zone)
                .put("object_class", className)
                .put("tracking_id", "t-" + at);
        return Events.of(e);
    }

    static EventQuery all(long from, long to, int limit, String cursor, boolean newestFirst) {
        return new EventQuery(from, to, null, null, null, null, null, null, limit, cursor, newestFirst);
    }

    @Test
    void historySurvivesARestartAndIsReadableWithSqlite3() throws Exception {
        long now = System.currentTimeMillis();
        StoreExporter store = open(Map.of());
        for (int i = 0; i < 100; i++) {
            store.deliver(area(i % 2 == 0 ? "lobby" : "dock", now - i * 1000, "door", "person"));
        }
        store.flush();
        store.stop();
        StoreExporter again = open(Map.of());
        try {
            EventPage page = again.query(all(0, now, 1000, null, true));
            assertEquals(100, page.events().size());
            assertEquals(
                    now,
                    JSON.readTree(page.events().get(0)).path("system_timestamp").asLong(),
                    "newest first");
            var lobby = again.query(
                    new EventQuery(0, now, Set.of("lobby"), null, null, null, null, null, 1000, null, true));
            assertEquals(50, lobby.events().size(), "a channel's token sees its channel only");
            assertEquals(
                    100,
                    again.query(new EventQuery(
                                    0, now, null, "event-area-enter", "door", null, "PERSON", null, 1000, null, true))
                            .events()
                            .size(),
                    "classes match whatever their case");
            Process sqlite = new ProcessBuilder(
                            "sqlite3",
                            dir.resolve("events.db").toString(),
                            "SELECT count(*), count(DISTINCT channel) FROM events")
                    .redirectErrorStream(true)
                    .start();
            assertEquals("100|2", new String(sqlite.getInputStream().readAllBytes()).trim());
        } finally {
            again.stop();
        }
    }

    @Test
    void retentionRemovesExactlyTheOldRowsAndTheirPictures() throws Exception {
        long now = System.currentTimeMillis();
        StoreExporter store = open(Map.of("retain", "1h"));
        String picture = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4});
        for (int i = 0; i < 30; i++) {
            ObjectNode crop = Events.start("crop", 1, "lobby", i);
            crop.put("system_timestamp", now - i * 10 * 60_000L); // every 10 minutes back to almost 5 h
            crop.putObject("image")
                    .put("format", "jpeg")
                    .put("width", 2)
                    .put("height", 2)
                    .put("data", picture);
            store.deliver(Events.of(crop));
        }
        store.flush();
        store.stop();
        try (var files = Files.walk(dir.resolve("pictures"))) {
            assertEquals(30, files.filter(Files::isRegularFile).count(), "one file per picture");
        }
        StoreExporter again = open(Map.of("retain", "1h")); // the sweep at start
        try {
            List<String> left = again.query(all(0, now, 1000, null, true)).events();
            assertEquals(6, left.size(), "0, 10, ... 50 minutes old stay; 60 minutes and older go: " + left.size());
            assertEquals(24L, again.status().get("deleted_by_age"));
            long counted = again.stats(new StatsQuery(now - 6 * HOUR, now, HOUR, null, null, null)).stream()
                    .mapToLong(Bucket::count)
                    .sum();
            assertEquals(6, counted, "the hourly counts lost the deleted events too");
            try (var files = Files.walk(dir.resolve("pictures"))) {
                assertEquals(6, files.filter(Files::isRegularFile).count(), "the pictures went with their rows");
            }
            ObjectNode listed = (ObjectNode) JSON.readTree(left.get(0));
            assertFalse(listed.path("image").has("data"), "pages name the picture rather than carry it");
            String id = listed.path("event_id").asText();
            assertEquals(
                    "/api/v1/events/" + id + "/picture",
                    listed.path("image").path("url").asText());
            ObjectNode found = (ObjectNode) JSON.readTree(again.find(id).orElseThrow());
            assertEquals(picture, found.path("image").path("data").asText(), "one event comes back whole");
            assertTrue(again.picture(id).isPresent());
        } finally {
            again.stop();
        }
    }

    @Test
    void aSizeLimitDeletesTheOldestFirst() throws Exception {
        long now = System.currentTimeMillis();
        StoreExporter store = open(Map.of("max_size", "1MB", "batch", 1000));
        String note = "x".repeat(2000);
        for (int i = 0; i < 2000; i++) { // about 4 MB
            store.deliver(Events.of(
                    ((ObjectNode) Events.metadata("lobby", i, note).json().deepCopy())
                            .put("system_timestamp", now - (2000 - i) * 1000L)));
        }
        store.stop();
        StoreExporter again = open(Map.of("max_size", "1MB"));
        try {
            assertTrue((long) again.status().get("bytes") <= 1 << 20, "within 1 MB: " + again.status());
            List<String> left = again.query(all(0, now, 10_000, null, false)).events();
            assertTrue(left.size() > 100 && left.size() < 2000, left.size() + " left");
            long oldestLeft =
                    JSON.readTree(left.get(0)).path("system_timestamp").asLong();
            assertEquals(now - left.size() * 1000L, oldestLeft, "the newest are the ones kept");
        } finally {
            again.stop();
        }
    }

    @Test
    void countsPerBucketWithOccupancysMaximum() throws Exception {
        long hour = System.currentTimeMillis() / HOUR * HOUR - 5 * HOUR;
        StoreExporter store = open(Map.of());
        int[] perHour = {3, 0, 5, 1};
        for (int h = 0; h < perHour.length; h++) {
            for (int i = 0; i < perHour[h]; i++) {
                store.deliver(area("dock", hour + h * HOUR + i * 1000, "door", "person"));
            }
        }
        for (int count : new int[] {2, 7, 4}) {
            ObjectNode o = Events.start("event-occupancy", 1, "dock", 1);
            o.put("system_timestamp", hour + 2 * HOUR + count)
                    .put("zone", "door")
                    .put("count", count);
            store.deliver(Events.of(o));
        }
        store.flush();
        try {
            List<Bucket> b = store.stats(new StatsQuery(hour, hour + 4 * HOUR - 1, HOUR, Set.of("dock"), null, "door"));
            assertEquals(4, b.size());
            assertEquals(List.of(3L, 0L, 8L, 1L), b.stream().map(Bucket::count).toList());
            assertNull(b.get(0).occupancyMax());
            assertEquals(7L, b.get(2).occupancyMax());
            assertEquals(hour + HOUR, b.get(1).startMillis());
            // A ragged start: its first hour from the events, the others from the hourly counts.
            List<Bucket> ragged =
                    store.stats(new StatsQuery(hour + 1000, hour + 4 * HOUR - 1, HOUR, Set.of("dock"), null, "door"));
            assertEquals(
                    List.of(2L, 0L, 8L, 1L), ragged.stream().map(Bucket::count).toList());
            List<Bucket> quarters =
                    store.stats(new StatsQuery(hour, hour + 4 * HOUR - 1, 15 * 60_000L, Set.of("dock"), null, "door"));
            assertEquals(16, quarters.size());
            assertEquals(12L, quarters.stream().mapToLong(Bucket::count).sum(), "the same events by quarter hours");
            Event twice = area("dock", hour + 500, "door", "person");
            store.deliver(twice);
            store.deliver(twice); // delivered again (a lost answer): stored and counted once
            store.flush();
            assertEquals(
                    4L,
                    store.stats(new StatsQuery(hour, hour + HOUR - 1, HOUR, null, null, "door"))
                            .get(0)
                            .count());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.stats(new StatsQuery(0, hour, 1000, null, null, null)),
                    "too many buckets");
        } finally {
            store.stop();
        }
    }
}
