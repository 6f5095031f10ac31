package io.evex.exporters.store;

import io.evex.api.history.EventColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code hourly} table: events counted per hour, channel, type and zone (and occupancy's
 * highest count), gathered in memory while a transaction is open and written with it — a handful of
 * rows per commit rather than one per event. Retention, which deletes the oldest events first, cuts
 * it at the same place.
 */
final class HourlyCounts {

    static final long HOUR = 3_600_000L;

    private static final String UPSERT = "INSERT INTO hourly (hour, channel, type, zone, count, occupancy_max)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hour, channel, type, zone) DO UPDATE SET"
            + " count = count + excluded.count, occupancy_max = max(coalesce(occupancy_max, excluded.occupancy_max),"
            + " coalesce(excluded.occupancy_max, occupancy_max))";

    private record Key(long hour, String channel, String type, String zone) {}

    private static final class Count {
        long count;
        Double occupancyMax;
    }

    private final Map<Key, Count> open = new HashMap<>();

    /** Counts an event that was inserted (not one skipped as stored already). */
    void add(EventColumns c) {
        Key k = new Key(
                Math.floorDiv(c.timestamp(), HOUR) * HOUR, c.channel(), c.type(), c.zone() == null ? "" : c.zone());
        Count n = open.computeIfAbsent(k, x -> new Count());
        n.count++;
        if (c.occupancy() != null && (n.occupancyMax == null || c.occupancy() > n.occupancyMax)) {
            n.occupancyMax = c.occupancy();
        }
    }

    /** Writes what was counted into the open transaction. */
    void write(Connection db) throws SQLException {
        if (open.isEmpty()) {
            return;
        }
        try (PreparedStatement s = db.prepareStatement(UPSERT)) {
            for (Map.Entry<Key, Count> e : open.entrySet()) {
                s.setLong(1, e.getKey().hour());
                s.setString(2, e.getKey().channel());
                s.setString(3, e.getKey().type());
                s.setString(4, e.getKey().zone());
                s.setLong(5, e.getValue().count);
                if (e.getValue().occupancyMax == null) {
                    s.setNull(6, Types.REAL);
                } else {
                    s.setDouble(6, e.getValue().occupancyMax);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
        open.clear();
    }

    /** Forgets what was counted (the transaction rolled back; its events are counted again when written again). */
    void clear() {
        open.clear();
    }

    /** After retention deleted every event older than the oldest left: hours before it go, its own is counted anew. */
    static void cut(Connection db) throws SQLException {
        long oldest;
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT MIN(ts) FROM events")) {
            r.next();
            oldest = r.getLong(1);
            if (r.wasNull()) {
                s.execute("DELETE FROM hourly");
                return;
            }
        }
        long hour = Math.floorDiv(oldest, HOUR) * HOUR;
        try (PreparedStatement gone = db.prepareStatement("DELETE FROM hourly WHERE hour <= ?");
                PreparedStatement again = db.prepareStatement("INSERT INTO hourly SELECT ?, channel, type,"
                        + " COALESCE(zone, ''), COUNT(*), MAX(occupancy) FROM events WHERE ts >= ? AND ts < ?"
                        + " GROUP BY 2, 3, 4")) {
            gone.setLong(1, hour);
            gone.executeUpdate();
            again.setLong(1, hour);
            again.setLong(2, hour);
            again.setLong(3, hour + HOUR);
            again.executeUpdate();
        }
    }
}
