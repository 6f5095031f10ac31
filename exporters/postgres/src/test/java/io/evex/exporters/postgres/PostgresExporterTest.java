package io.evex.exporters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.testing.Waits;
import io.evex.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres exporter against a PostgreSQL server of the test's own (issue 26 point 4): every event
 * one row equal to the JSON exporter's line, and a server stopped for 10 s under 500 events/s loses
 * nothing, doubles nothing and keeps each channel's order.
 */
class PostgresExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private PostgresServer pg;

    @BeforeEach
    void startServer() throws Exception {
        assumeTrue(PostgresServer.binaries().isPresent(), "Debian's postgresql (initdb, pg_ctl) is not installed");
        pg = PostgresServer.create().start();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private Evex runtime() {
        RuntimeConfig config = RuntimeConfig.empty()
                .plus(
                        List.of(),
                        List.of(),
                        ExportOption.parseAll(
                                List.of(
                                        "postgres:servers=" + pg.servers() + ",database=evex,password_env="
                                                + PostgresServer.PASSWORD_ENV + ",connect_timeout=1s",
                                        "json:path=" + dir.resolve("events.jsonl")),
                                List.of()));
        Evex evex = new Evex(config.withWorkingDirectory(dir), false).start();
        assertEquals(List.of(), evex.refusals());
        return evex;
    }

    static ObjectNode event(String channel, int n) {
        long at = System.currentTimeMillis();
        ObjectNode e = JSON.createObjectNode()
                .put("$id", "event-line-crossing")
                .put("$version", 2)
                .put("event_id", channel + "-" + n + "-" + at)
                .put("channel", channel)
                .put("frame_id", n)
                .put("frame_time", n / 25.0)
                .put("system_timestamp", at)
                .put("system_date", Instant.ofEpochMilli(at).toString())
                .put("line", "gate")
                .put("tripwire_id", "gate")
                .put("crossing_direction", n % 2 == 0 ? "a-b" : "b-a")
                .put("tracking_id", "t-" + n)
                .put("object_class", "Person")
                .put("note", "ünïcødé \"quoted\" 0.1 " + n);
        e.putObject("location").put("x", 0.25).put("y", 0.5).put("width", 0.1).put("height", 0.2);
        return e;
    }

    private long rows() throws Exception {
        try (Connection c = pg.connect("evex");
                ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM evex_events")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long committed(Evex evex) {
        ExporterStats s = evex.bus().stats().stream()
                .filter(x -> x.name().equals("postgres"))
                .findFirst()
                .orElseThrow();
        return ((Number) s.details().get("committed")).longValue();
    }

    @Test
    void everyEventIsOneRowEqualToTheJsonExportersLine() throws Exception {
        Evex evex = runtime();
        try {
            for (int i = 0; i < 10_000; i++) {
                evex.publisher().accept(event(i % 2 == 0 ? "lobby" : "dock", i));
            }
            Waits.until("10 000 rows", Duration.ofSeconds(60), () -> committed(evex) >= 10_000);
        } finally {
            evex.close(10_000);
        }
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            lines.put(e.path("event_id").asText(), e);
        }
        assertEquals(10_000, lines.size());
        assertEquals(10_000, rows());
        try (Connection c = pg.connect("evex");
                ResultSet r = c.createStatement()
                        .executeQuery("SELECT event_id, event::text, channel, line, class FROM evex_events")) {
            while (r.next()) {
                JsonNode stored = JSON.readTree(r.getString(2));
                // jsonb keeps keys in its own order: equal as JSON, value for value
                assertEquals(lines.get(r.getString(1)), stored, r.getString(1));
                assertEquals(stored.path("channel").asText(), r.getString(3));
                assertEquals("gate", r.getString(4));
                assertEquals("person", r.getString(5));
            }
        }
    }

    @Test
    void aServerAwayForTenSecondsLosesNothingAndDoublesNothing() throws Exception {
        Evex evex = runtime();
        Map<String, List<Integer>> sent = new HashMap<>();
        try {
            long start = System.currentTimeMillis();
            boolean stopped = false;
            boolean restarted = false;
            for (int n = 0; System.currentTimeMillis() - start < 15_000; n++) {
                long due = start + n * 2L; // 500 events a second
                while (System.currentTimeMillis() < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                String channel = n % 3 == 0 ? "dock" : "lobby";
                evex.publisher().accept(event(channel, n));
                sent.computeIfAbsent(channel, c -> new ArrayList<>()).add(n);
                long t = System.currentTimeMillis() - start;
                if (!stopped && t >= 2_000) {
                    pg.stop();
                    stopped = true;
                } else if (stopped && !restarted && t >= 12_000) {
                    pg.start();
                    restarted = true;
                }
            }
            int total = sent.values().stream().mapToInt(List::size).sum();
            Waits.until("every event in", Duration.ofSeconds(60), () -> committed(evex) >= total);
        } finally {
            evex.close(10_000);
        }
        try (Connection c = pg.connect("evex")) {
            for (Map.Entry<String, List<Integer>> e : sent.entrySet()) {
                List<Integer> stored = new ArrayList<>();
                try (var s = c.prepareStatement(
                        "SELECT (event->>'frame_id')::int FROM evex_events WHERE channel = ?" + " ORDER BY seq")) {
                    s.setString(1, e.getKey());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            stored.add(r.getInt(1));
                        }
                    }
                }
                assertEquals(e.getValue(), stored, "channel " + e.getKey() + ": all, once each, in order");
            }
        }
    }
}
