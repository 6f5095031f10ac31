package io.evex.exporters.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the store within its time and size: rows older than {@code retain} go, then the oldest while
 * the database holds more than {@code maxBytes} — in steps, each its own transaction, their
 * pictures with them — and the freed pages go back to the file system.
 */
final class Retention {

    private static final int STEP = 5_000;

    private final Connection db;
    private final Pictures pictures;
    private final long retainMillis;
    private final long maxBytes;
    private long byAge;
    private long bySize;

    Retention(Connection db, Pictures pictures, long retainMillis, long maxBytes) {
        this.db = db;
        this.pictures = pictures;
        this.retainMillis = retainMillis;
        this.maxBytes = maxBytes;
    }

    /** Applies both limits now (the writer's transaction committed first); returns the rows deleted. */
    long sweep(long now) throws SQLException {
        long gone = 0;
        if (retainMillis > 0) {
            long before = now - retainMillis;
            for (int n; (n = deleteOldest("WHERE ts < " + before, STEP)) > 0; ) {
                gone += n;
                byAge += n;
            }
        }
        if (maxBytes > 0) {
            for (long over; (over = bytes() - maxBytes) > 0; ) {
                int n = deleteOldest("", rowsFor(over));
                if (n == 0) {
                    break;
                }
                gone += n;
                bySize += n;
                vacuum();
            }
        }
        if (gone > 0) {
            HourlyCounts.cut(db);
            db.commit();
            vacuum();
        }
        return gone;
    }

    /** About how many of the oldest rows hold {@code bytes}, from the average row (at least 10, at most a step). */
    private long rowsFor(long bytes) throws SQLException {
        long rows;
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT max(seq) - min(seq) + 1 FROM events")) {
            rows = r.next() ? r.getLong(1) : 0;
        }
        long perRow = rows > 0 ? Math.max(1, bytes() / rows) : 1;
        return Math.max(10, Math.min(STEP, bytes / perRow + 1));
    }

    /** Deletes up to {@code limit} of the oldest rows that match {@code where}; returns how many. */
    private int deleteOldest(String where, long limit) throws SQLException {
        String pick = "SELECT seq FROM events " + where + " ORDER BY ts, seq LIMIT " + limit;
        List<String> files = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT picture FROM events WHERE picture IS NOT NULL AND seq IN (" + pick + ")")) {
            while (r.next()) {
                files.add(r.getString(1));
            }
        }
        int n;
        try (PreparedStatement s = db.prepareStatement("DELETE FROM events WHERE seq IN (" + pick + ")")) {
            n = s.executeUpdate();
        }
        db.commit();
        for (String f : files) {
            try {
                pictures.delete(f);
            } catch (IOException e) {
                // a picture that will not go is left; its row is gone either way
            }
        }
        return n;
    }

    /** The database's size in use: its pages less the free ones. */
    long bytes() throws SQLException {
        return pragma("page_count") * pragma("page_size") - pragma("freelist_count") * pragma("page_size");
    }

    private long pragma(String name) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private void vacuum() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA incremental_vacuum");
        }
        db.commit();
    }

    long deletedByAge() {
        return byAge;
    }

    long deletedBySize() {
        return bySize;
    }
}
