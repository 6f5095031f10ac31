package io.evex.exporters.postgres;

import io.evex.api.Event;
import io.evex.api.history.EventColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** The events table: created when asked, and the batched insert that skips an event stored already. */
final class EventTable {

    private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String table;

    /** @throws IllegalArgumentException when {@code table} is no plain (schema.)name */
    EventTable(String table) {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException(
                    "table '" + table + "' must be name or schema.name: letters, digits and _ only");
        }
        this.table = table;
    }

    String name() {
        return table;
    }

    void create(Connection db) throws SQLException {
        String index = table.replace('.', '_');
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (seq BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
                    + " ts BIGINT NOT NULL, channel TEXT NOT NULL, type TEXT NOT NULL, version INT NOT NULL, zone TEXT,"
                    + " line TEXT, class TEXT, tracking_id TEXT, occupancy DOUBLE PRECISION, event JSONB NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS " + index + "_channel_ts ON " + table + " (channel, ts)");
            s.execute("CREATE INDEX IF NOT EXISTS " + index + "_type_ts ON " + table + " (type, ts)");
            s.execute("CREATE INDEX IF NOT EXISTS " + index + "_ts ON " + table + " (ts)");
        }
        db.commit();
    }

    /** Fails with the server's message when the table is missing (create_table off). */
    void check(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(
                    "SELECT event_id, ts, channel, type, version, zone, line, class, tracking_id, occupancy, event FROM "
                            + table + " LIMIT 0");
        }
        db.commit();
    }

    PreparedStatement insert(Connection db) throws SQLException {
        return db.prepareStatement("INSERT INTO " + table + " (" + EventColumns.NAMES
                + ", event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING");
    }

    /** Adds {@code e} to the batch of {@code insert}. */
    static void add(PreparedStatement insert, Event e) throws SQLException {
        EventColumns.of(e.json()).bind(insert);
        insert.setString(11, new String(e.bytes(), StandardCharsets.UTF_8));
        insert.addBatch();
    }
}
