package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Exporter;
import io.evex.api.history.EventHistory;
import io.evex.api.history.EventQuery;
import io.evex.api.history.StatsQuery;
import io.evex.exporters.store.StoreExporterFactory;
import io.evex.runtime.exporter.RuntimeExporterContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The store with 10 million events over 30 days and 8 channels (loaded once, kept in the bench
 * folder for the next run): a page of 100 for one channel and hour, p50 and p99 over 500 random
 * ones; hourly counts over the 30 days, for one channel and for all; the disk bytes per event.
 */
final class HistoryQueryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 10_000_000;
    private static final long DAY = 86_400_000L;

    private final Path dir;

    HistoryQueryBench(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    void all() throws Exception {
        Path file = dir.resolve("history-10m.db");
        long end = load(file);
        long opened = System.nanoTime();
        Exporter writer = new StoreExporterFactory().create(); // opened to write: brings the schema up to date
        writer.start(new RuntimeExporterContext(
                "bench",
                new StoreExporterFactory()
                        .settings()
                        .resolve(Map.of("path", file.toString(), "max_size", "", "retain", "0s")),
                Map.of(),
                dir,
                Clock.systemUTC()));
        writer.stop();
        System.out.printf(
                "opened to write (the schema brought up to date if it was older): %.1f s%n",
                (System.nanoTime() - opened) / 1e9);
        Exporter store = new StoreExporterFactory().create();
        store.start(new RuntimeExporterContext(
                "bench",
                new StoreExporterFactory().settings().resolve(Map.of("path", file.toString(), "read_only", true)),
                Map.of(),
                dir,
                Clock.systemUTC()));
        try {
            EventHistory h = (EventHistory) store;
            pages(h, end);
            stats(h, end);
        } finally {
            store.stop();
        }
        long bytes = Files.size(file) + (Files.exists(Path.of(file + "-wal")) ? Files.size(Path.of(file + "-wal")) : 0);
        System.out.printf(
                "disk: %,d bytes per event (%,d MB for 10 M, the event's JSON about %d bytes)%n",
                bytes / ROWS, bytes >> 20, JSON.writeValueAsBytes(HistoryBench.events(1, 0)[0]).length);
    }

    /** p50 and p99 of a page of 100 for one channel and one hour, over 500 random ones. */
    private static void pages(EventHistory h, long end) {
        Random random = new Random(7);
        double[] pages = new double[500];
        for (int i = -50; i < pages.length; i++) { // 50 to warm up
            long hour = end - 30 * DAY + random.nextInt(30 * 24) * 3_600_000L;
            long t0 = System.nanoTime();
            int n = h.query(new EventQuery(
                            hour,
                            hour + 3_599_999,
                            Set.of("camera-" + random.nextInt(8)),
                            null,
                            null,
                            null,
                            null,
                            null,
                            100,
                            null,
                            true))
                    .events()
                    .size();
            if (i >= 0) {
                pages[i] = (System.nanoTime() - t0) / 1e6;
            }
            if (n != 100) {
                throw new IllegalStateException("a page of " + n);
            }
        }
        Arrays.sort(pages);
        System.out.printf(
                "a page of 100, one channel and hour, 10 M rows: p50 %.2f ms, p99 %.2f ms (goal p99 < 50)%n",
                pages[pages.length / 2], pages[pages.length * 99 / 100]);
    }

    /** Hourly counts over the 30 days, for one channel and for all. */
    private static void stats(EventHistory h, long end) {
        for (String channel : new String[] {"camera-3", null}) {
            double[] stats = new double[5];
            for (int i = -1; i < stats.length; i++) {
                long t0 = System.nanoTime();
                h.stats(new StatsQuery(
                        end - 30 * DAY, end, 3_600_000L, channel == null ? null : Set.of(channel), null, null));
                if (i >= 0) {
                    stats[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            System.out.printf(
                    "hourly counts over 30 days, %-13s %8.1f ms (goal < 200)%n",
                    channel == null ? "all channels:" : "one channel:", RecordingBench.median(stats));
        }
    }

    /** Fills {@code file} once with the store's own schema and 10 M rows; returns the newest row's time. */
    private static long load(Path file) throws Exception {
        Path done = Path.of(file + ".end");
        if (Files.exists(done) && Files.exists(file)) {
            return Long.parseLong(Files.readString(done).trim());
        }
        Files.deleteIfExists(file);
        Exporter schema = new StoreExporterFactory().create();
        schema.start(new RuntimeExporterContext(
                "bench",
                new StoreExporterFactory().settings().resolve(Map.of("path", file.toString(), "max_size", "")),
                Map.of(),
                file.getParent(),
                Clock.systemUTC()));
        schema.stop();
        long end = System.currentTimeMillis();
        System.out.println("loading 10 M events into " + file + " (once; about two minutes) ...");
        int chunk = 100_000;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (var s = db.createStatement()) {
                s.executeQuery("PRAGMA journal_mode=WAL").close();
                s.execute("PRAGMA synchronous=OFF");
            }
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO events (" + HistoryBench.COLUMNS
                    + ", picture, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
                for (int base = 0; base < ROWS; base += chunk) {
                    ObjectNode[] events = HistoryBench.events(
                            chunk, end - 30 * DAY + (30 * DAY / (ROWS / chunk)) * (base / chunk + 1));
                    for (int i = 0; i < chunk; i++) {
                        events[i].put("event_id", "e" + (base + i));
                        long at = end - 30 * DAY + (30 * DAY / ROWS) * (base + i);
                        events[i].put("system_timestamp", at);
                        HistoryBench.bind(insert, events[i]);
                        insert.executeUpdate();
                    }
                    db.commit();
                }
            }
            db.setAutoCommit(true);
            try (var s = db.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                r.next();
                System.out.printf("loaded %,d rows%n", r.getLong(1));
            }
            try (var s = db.createStatement()) {
                s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)").close();
            }
        }
        Files.writeString(done, Long.toString(end));
        return end;
    }
}
