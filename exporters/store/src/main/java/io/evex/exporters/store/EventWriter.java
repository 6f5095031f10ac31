package io.evex.exporters.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Event;
import io.evex.api.history.EventColumns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts events in transactions of up to {@code batch} rows, committed when full and whenever the
 * exporter's queue runs empty. An event already stored (a re-delivery) is skipped. Until their
 * transaction commits, the events are kept: a failed commit (a full disk) rolls back and writes them
 * again at the next attempt, so nothing accepted is lost.
 */
final class EventWriter {

    private static final String INSERT = "INSERT OR IGNORE INTO events (" + EventColumns.NAMES
            + ", picture, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection db;
    private final PreparedStatement insert;
    private final Pictures pictures;
    private final int batch;
    private final List<Event> uncommitted = new ArrayList<>();
    private final HourlyCounts hourly = new HourlyCounts();
    private boolean replay;
    private long stored;
    private long commits;

    EventWriter(Connection db, Pictures pictures, int batch) throws SQLException {
        this.db = db;
        this.pictures = pictures;
        this.batch = batch;
        db.setAutoCommit(false);
        this.insert = db.prepareStatement(INSERT);
    }

    /** Adds an event to the open transaction; commits when it holds {@code batch}. */
    void add(Event e) throws SQLException, IOException {
        if (replay) {
            replay();
        }
        try {
            insert(e);
        } catch (SQLException | IOException x) {
            fail(); // the runtime delivers this event again; the others of the transaction are kept
            throw x;
        }
        uncommitted.add(e);
        if (uncommitted.size() >= batch) {
            commit();
        }
    }

    /** Commits what was added. */
    void commit() throws SQLException, IOException {
        if (replay) {
            replay();
        }
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            hourly.write(db);
            db.commit();
        } catch (SQLException x) {
            fail();
            throw x;
        }
        stored += uncommitted.size();
        commits++;
        uncommitted.clear();
    }

    /** The events of a transaction that did not commit, for the runtime's spool at a stop. */
    /** Events written but not committed yet. */
    int pending() {
        return uncommitted.size();
    }

    List<Event> uncommitted() {
        return List.copyOf(uncommitted);
    }

    /** Transactions committed so far. */
    long commits() {
        return commits;
    }

    /** Events committed so far (a re-delivered one counts, though stored once). */
    long stored() {
        return stored;
    }

    private void fail() {
        hourly.clear();
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the replay finds out
        }
        replay = true;
    }

    /** Writes the events of a rolled-back transaction again. */
    private void replay() throws SQLException, IOException {
        for (Event e : uncommitted) {
            insert(e);
        }
        replay = false;
    }

    private void insert(Event e) throws SQLException, IOException {
        ObjectNode json = e.json();
        EventColumns c = EventColumns.of(json);
        String picture = null;
        String body;
        JsonNode data = json.path("image").path("data");
        if (data.isTextual()) {
            picture = pictures.write(c.channel(), c.eventId(), data.asText());
            ObjectNode copy = json.deepCopy();
            ((ObjectNode) copy.get("image")).remove("data");
            ((ObjectNode) copy.get("image")).put("file", picture);
            body = copy.toString();
        } else {
            body = new String(e.bytes(), StandardCharsets.UTF_8);
        }
        c.bind(insert);
        insert.setString(11, picture);
        insert.setString(12, body);
        if (insert.executeUpdate() > 0) {
            hourly.add(c);
        }
    }
}
