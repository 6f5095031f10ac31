package io.evex.exporters.store;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.Sizes;
import io.evex.api.history.Bucket;
import io.evex.api.history.EventHistory;
import io.evex.api.history.EventPage;
import io.evex.api.history.EventQuery;
import io.evex.api.history.StatsQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded event store: writes on the exporter's thread (its own queue and spool, so a slow
 * disk never slows the bus), reads on the API's threads through a second connection.
 */
final class StoreExporter implements Exporter, EventHistory {

    private ExporterContext context;
    private Path file;
    private Connection writes;
    private Connection reads;
    private EventWriter writer;
    private EventReader reader;
    private Retention retention;
    private long sweepEvery;
    private long nextSweep;
    private long nextSize;
    private volatile long bytes;
    private volatile long oldest;

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        Path dir = ctx.workingDirectory();
        file = dir.resolve(ctx.settings().getString("path")).normalize();
        Pictures pictures =
                new Pictures(dir.resolve(ctx.settings().getString("pictures")).normalize());
        long maxBytes;
        try {
            String max = ctx.settings().getString("max_size").trim();
            maxBytes = max.isEmpty() ? 0 : Sizes.parse(max);
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException("max_size: " + e.getMessage());
        }
        if (ctx.settings().getBoolean("read_only")) {
            if (!Files.isRegularFile(file)) {
                throw new PermanentExportException("no event store at " + file);
            }
            try {
                reads = open(true);
                reader = new EventReader(reads, pictures);
            } catch (SQLException e) {
                throw new PermanentExportException("event store " + file + ": " + e.getMessage());
            }
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            writes = open(false);
            int version = Schema.version(writes);
            if (version > 0 && version < Schema.CURRENT) {
                ctx.logger()
                        .info(
                                "event store {}: upgrading schema {} to {}, once (10 million events take about 20 s)",
                                file,
                                version,
                                Schema.CURRENT);
            }
            Schema.migrate(writes, file.toString());
            writer = new EventWriter(writes, pictures, (int) ctx.settings().getLong("batch"));
            reads = open(true);
            reader = new EventReader(reads, pictures);
            retention = new Retention(
                    writes, pictures, ctx.settings().getDuration("retain").toMillis(), maxBytes);
        } catch (IOException | SQLException e) {
            stop();
            throw new PermanentExportException("event store " + file + ": " + e.getMessage());
        }
        sweepEvery = ctx.settings().getDuration("sweep_interval").toMillis();
        sweep(System.currentTimeMillis());
        ctx.logger().info("event store {} (schema {})", file, Schema.CURRENT);
    }

    private Connection open(boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source.getConnection();
    }

    @Override
    public void deliver(Event event) throws ExportException {
        if (writer == null) {
            throw new PermanentExportException("event store " + file + " is open read-only");
        }
        try {
            writer.add(event);
        } catch (SQLException | IOException e) {
            throw new RetriableExportException("event store " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void flush() throws ExportException {
        if (writer == null) {
            return;
        }
        try {
            writer.commit();
        } catch (SQLException | IOException e) {
            throw new RetriableExportException("event store " + file + ": " + e.getMessage());
        }
        long now = System.currentTimeMillis();
        if (now >= nextSweep) {
            sweep(now);
        } else if (now >= nextSize) {
            nextSize = now + 1_000; // the queue may run empty at every event: read the size at most once a second
            try {
                bytes = retention.bytes(); // for the status: three pragmas, no table read
            } catch (SQLException e) {
                // the status shows the last size read
            }
        }
    }

    private void sweep(long now) {
        nextSweep = now + sweepEvery;
        try {
            long gone = retention.sweep(now);
            if (gone > 0) {
                context.counter("deleted").add(gone);
            }
            bytes = retention.bytes();
            try (Statement s = writes.createStatement();
                    ResultSet r = s.executeQuery("SELECT MIN(ts) FROM events")) {
                oldest = r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            context.logger().warn("event store retention failed: {}", e.getMessage());
        }
    }

    @Override
    public EventPage query(EventQuery query) {
        return read(() -> reader.query(query));
    }

    @Override
    public Optional<String> find(String eventId) {
        return read(() -> reader.find(eventId));
    }

    @Override
    public List<Bucket> stats(StatsQuery query) {
        return read(() -> reader.stats(query));
    }

    @Override
    public Optional<Path> picture(String eventId) {
        return read(() -> reader.picture(eventId));
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    /** A query from the API's threads: a database error is the API's 500, with the store's message. */
    private static <T> T read(Read<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new IllegalStateException("event store: " + e.getMessage(), e);
        }
    }

    /** Events in the transaction not committed yet. */
    @Override
    public int unconfirmed() {
        return writer == null ? 0 : writer.pending();
    }

    /** What a failed last commit left: the runtime spools it for the next start. */
    @Override
    public List<Event> undelivered() {
        return writer == null ? List.of() : writer.uncommitted();
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new TreeMap<>();
        s.put("path", String.valueOf(file));
        s.put("stored", writer == null ? 0 : writer.stored());
        s.put("transactions", writer == null ? 0 : writer.commits());
        s.put("bytes", bytes);
        s.put("oldest_ms", oldest);
        if (retention != null) {
            s.put("deleted_by_age", retention.deletedByAge());
            s.put("deleted_by_size", retention.deletedBySize());
        }
        return s;
    }

    @Override
    public void stop() {
        try {
            if (writer != null) {
                writer.commit();
            }
        } catch (SQLException | IOException e) {
            if (context != null) {
                context.logger().warn("event store: the last events were not committed (spooled): {}", e.getMessage());
            }
        }
        close(reads);
        close(writes);
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
