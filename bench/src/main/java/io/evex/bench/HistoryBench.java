package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.history.EventColumns;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The event history benchmark of issue 26: events/s into the store and into PostgreSQL through the
 * bus, each next to a bare JDBC loop inserting the same rows in the same transactions; then the
 * store's queries with 10 million rows ({@link HistoryQueryBench}).
 */
final class HistoryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = EventColumns.NAMES;

    private final Path dir;
    private final int count;
    private final int runs;

    HistoryBench(Path dir, int count, int runs) {
        this.dir = dir.toAbsolutePath(); // the runtime resolves relative paths against it again
        this.count = count;
        this.runs = runs;
    }

    /** {@code n} distinct area events of about 500 bytes, over 8 channels and 30 days. */
    static ObjectNode[] events(int n, long end) {
        ObjectNode[] out = new ObjectNode[n];
        long span = 30L * 86_400_000L;
        for (int i = 0; i < n; i++) {
            long at = end - span + span / n * i;
            ObjectNode e = JSON.createObjectNode()
                    .put("$id", "event-area-enter")
                    .put("$version", 2)
                    .put("event_id", "bench-" + end + "-" + i)
                    .put("channel", "camera-" + (i % 8))
                    .put("frame_id", 100_000 + i)
                    .put("frame_time", 4000.0 + i / 25.0)
                    .put("system_timestamp", at)
                    .put("system_date", java.time.Instant.ofEpochMilli(at).toString())
                    .put("zone", "zone-" + (i % 5))
                    .put("area_id", "zone-" + (i % 5))
                    .put("area_name", "Loading dock number " + (i % 5))
                    .put("tracking_id", "camera-" + (i % 8) + "-track-" + (i % 997))
                    .put("object_class", i % 2 == 0 ? "Person" : "Vehicle")
                    .put("confidence", 0.8123);
            e.putObject("location")
                    .put("x", 0.4268)
                    .put("y", 0.4766)
                    .put("width", 0.0195)
                    .put("height", 0.0209);
            e.putArray("attributes")
                    .addObject()
                    .put("name", "color")
                    .put("value", "dark-blue")
                    .put("confidence", 0.71);
            out[i] = e;
        }
        return out;
    }

    void all() throws Exception {
        System.out.printf(
                "Evex event history benchmark: %,d events of ~%d bytes per run, median of %d runs%n%n",
                count, JSON.writeValueAsBytes(events(1, 0)[0]).length, runs);
        double bus = median(() -> throughBus(
                "store:path=" + fresh("bus.db") + ",pictures=" + dir.resolve("pics")
                        + ",max_size=,events=*,queue.size=250000",
                "store"));
        double bare = median(() -> bareSqlite(fresh("bare.db")));
        System.out.printf(
                "store through the bus  %,10.0f events/s | bare SQLite JDBC loop %,10.0f | ratio %.2f (goal >= 0.8)%n",
                bus, bare, bus / bare);
        if (Boolean.getBoolean("evex.bench.store-only")) {
            return;
        }
        if (PostgresServer.binaries().isPresent()) {
            try (PostgresServer pg = PostgresServer.create().start()) {
                double pgBus = median(() -> {
                    reset(pg);
                    return throughBus(
                            "postgres:servers=" + pg.servers() + ",database=evex,password_env="
                                    + PostgresServer.PASSWORD_ENV + ",queue.size=250000",
                            "postgres");
                });
                double pgBare = median(() -> {
                    reset(pg);
                    return barePostgres(pg);
                });
                System.out.printf(
                        "postgres through the bus %,8.0f events/s | bare JDBC batch loop  %,10.0f | ratio %.2f (goal >= 0.8)%n",
                        pgBus, pgBare, pgBus / pgBare);
            }
        } else {
            System.out.println("postgres: skipped, Debian's postgresql is not installed");
        }
        System.out.println();
        new HistoryQueryBench(dir).all();
    }

    /** Events/s from the first publish to the last commit, through a runtime with one exporter. */
    private double throughBus(String export, String name) throws Exception {
        ObjectNode[] events = events(count, System.currentTimeMillis());
        RuntimeConfig config =
                RuntimeConfig.empty().plus(List.of(), List.of(), ExportOption.parseAll(List.of(export), List.of()));
        Evex evex = new Evex(config.withWorkingDirectory(dir), true).start();
        try {
            String counter = name.equals("store") ? "stored" : "committed";
            LongSupplier done = () -> ((Number) evex.bus().stats().stream()
                            .filter(s -> s.name().equals(name))
                            .findFirst()
                            .orElseThrow()
                            .details()
                            .get(counter))
                    .longValue();
            long t0 = System.nanoTime();
            for (ObjectNode e : events) {
                evex.publisher().accept(e);
            }
            while (done.getAsLong() < count) {
                Thread.sleep(2);
            }
            double rate = count / ((System.nanoTime() - t0) / 1e9);
            System.out.println("  (" + name + ": "
                    + evex.bus().stats().stream()
                            .filter(s -> s.name().equals(name))
                            .findFirst()
                            .orElseThrow()
                            .details() + ")");
            return rate;
        } finally {
            evex.close(30_000);
        }
    }

    private double bareSqlite(Path file) throws Exception {
        ObjectNode[] events = events(count, System.currentTimeMillis());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = db.createStatement()) {
                s.executeQuery("PRAGMA journal_mode=WAL").close();
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute(
                        "CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,"
                                + " channel TEXT NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, zone TEXT, line TEXT,"
                                + " class TEXT, tracking_id TEXT, occupancy REAL, picture TEXT, body TEXT NOT NULL)");
                for (String index : List.of("ts", "channel, ts", "type, ts")) {
                    s.execute("CREATE INDEX i_" + index.replace(", ", "_") + " ON events (" + index + ")");
                }
                s.execute("CREATE INDEX i_zone ON events (zone, ts) WHERE zone IS NOT NULL");
                s.execute("CREATE INDEX i_tracking ON events (tracking_id) WHERE tracking_id IS NOT NULL");
            }
            db.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO events (" + COLUMNS
                    + ", picture, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
                for (int i = 0; i < events.length; i++) {
                    bind(insert, events[i]);
                    insert.executeUpdate();
                    if ((i + 1) % 500 == 0) {
                        db.commit();
                    }
                }
                db.commit();
            }
            return count / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double barePostgres(PostgresServer pg) throws Exception {
        ObjectNode[] events = events(count, System.currentTimeMillis());
        try (Connection db = pg.connect("evex")) {
            try (Statement s = db.createStatement()) {
                s.execute(
                        "CREATE TABLE bare (seq BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, ts BIGINT NOT NULL,"
                                + " channel TEXT NOT NULL, type TEXT NOT NULL, version INT NOT NULL, zone TEXT, line TEXT, class TEXT,"
                                + " tracking_id TEXT, occupancy DOUBLE PRECISION, event JSONB NOT NULL)");
                for (String index : List.of("channel, ts", "type, ts", "ts")) {
                    s.execute("CREATE INDEX ON bare (" + index + ")");
                }
            }
            db.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO bare (" + COLUMNS
                    + ", event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING")) {
                for (int i = 0; i < events.length; i++) {
                    bind(insert, events[i]);
                    insert.addBatch();
                    if ((i + 1) % 500 == 0) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            return count / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** The columns and the event, bound as the exporters bind them (its JSON written here, once). */
    static void bind(PreparedStatement s, ObjectNode e) throws Exception {
        EventColumns.of(e).bind(s);
        s.setString(11, JSON.writeValueAsString(e));
    }

    private static void reset(PostgresServer pg) throws Exception {
        try (Connection db = pg.connect("evex");
                Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS evex_events");
            s.execute("DROP TABLE IF EXISTS bare");
        }
    }

    private Path fresh(String name) throws Exception {
        Path f = dir.resolve(name);
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
        return f;
    }

    private interface Run {
        double rate() throws Exception;
    }

    private double median(Run run) throws Exception {
        run.rate(); // warm-up
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = run.rate();
        }
        return RecordingBench.median(rates);
    }
}
