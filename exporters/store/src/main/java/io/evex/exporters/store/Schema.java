package io.evex.exporters.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, versioned with SQLite's {@code user_version}: a database from an older release
 * is brought up to date step by step at start, one transaction per step; one from a newer release is
 * refused rather than guessed at.
 */
final class Schema {

    /** Step n brings version n to n + 1. */
    private static final List<List<String>> STEPS = List.of(
            List.of(
                    // seq: the order of arrival, what a cursor walks after the time.
                    """
            CREATE TABLE events (
              seq INTEGER PRIMARY KEY,
              event_id TEXT NOT NULL UNIQUE,
              ts INTEGER NOT NULL,
              channel TEXT NOT NULL,
              type TEXT NOT NULL,
              version INTEGER NOT NULL,
              zone TEXT,
              line TEXT,
              class TEXT,
              tracking_id TEXT,
              occupancy REAL,
              picture TEXT,
              body TEXT NOT NULL)""",
                    "CREATE INDEX events_ts ON events (ts)",
                    "CREATE INDEX events_channel_ts ON events (channel, ts)",
                    "CREATE INDEX events_type_ts ON events (type, ts)",
                    "CREATE INDEX events_zone_ts ON events (zone, ts) WHERE zone IS NOT NULL",
                    "CREATE INDEX events_tracking ON events (tracking_id) WHERE tracking_id IS NOT NULL"),
            List.of(
                    // 2: counts per hour, kept as events are written, so that a month of hourly stats reads
                    // a few thousand rows rather than every event; filled from the events already stored.
                    """
                    CREATE TABLE hourly (
                      hour INTEGER NOT NULL,
                      channel TEXT NOT NULL,
                      type TEXT NOT NULL,
                      zone TEXT NOT NULL,
                      count INTEGER NOT NULL,
                      occupancy_max REAL,
                      PRIMARY KEY (hour, channel, type, zone)) WITHOUT ROWID""",
                    "INSERT INTO hourly SELECT ts / 3600000 * 3600000, channel, type, COALESCE(zone, ''), COUNT(*),"
                            + " MAX(occupancy) FROM events GROUP BY 1, 2, 3, 4"));

    /** The version this release writes. */
    static final int CURRENT = STEPS.size();

    private Schema() {}

    /** The schema version of {@code db} (0: empty). */
    static int version(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** Creates or upgrades the tables of {@code db}. */
    static void migrate(Connection db, String where) throws SQLException {
        int version = version(db);
        if (version > CURRENT) {
            throw new SQLException(where + " was written by a newer Evex (schema " + version + ", this one knows "
                    + CURRENT + "): open it with that version, or give this one another path");
        }
        if (version == 0) {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL"); // before the first table: lets retention give space back
            }
        }
        for (int v = version; v < CURRENT; v++) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                for (String sql : STEPS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }
}
