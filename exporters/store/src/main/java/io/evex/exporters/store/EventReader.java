package io.evex.exporters.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.history.Bucket;
import io.evex.api.history.EventPage;
import io.evex.api.history.EventQuery;
import io.evex.api.history.StatsQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's queries, on a connection of their own (WAL lets it read while events are written):
 * pages in time order with a keyset cursor on (time, order of arrival) — a page never skips nor
 * repeats an event, however many arrive meanwhile — counts per bucket, one event by id.
 */
final class EventReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURSOR = Pattern.compile("(-?[0-9]{1,19})_([0-9]{1,19})");
    /** More buckets than this is a mistake (a minute's buckets over a year), not a chart. */
    static final int MAX_BUCKETS = 10_000;

    private final Connection db;
    private final Pictures pictures;
    /** Whether the hourly counts exist (a read-only look at a database of schema 1 has none). */
    private final boolean hourlyCounts;

    EventReader(Connection db, Pictures pictures) throws SQLException {
        this.db = db;
        this.pictures = pictures;
        try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM sqlite_master WHERE name = 'hourly'");
                ResultSet r = s.executeQuery()) {
            this.hourlyCounts = r.next();
        }
    }

    synchronized EventPage query(EventQuery q) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT seq, ts, picture, body FROM events WHERE ");
        filters(sql, args, "ts", q.fromMillis(), q.toMillis(), q.channels(), q.type());
        condition(sql, args, "zone", q.zone());
        condition(sql, args, "line", q.line());
        condition(
                sql, args, "class", q.className() == null ? null : q.className().toLowerCase(java.util.Locale.ROOT));
        condition(sql, args, "tracking_id", q.trackingId());
        String direction = q.newestFirst() ? "DESC" : "ASC";
        if (q.cursor() != null) {
            long[] at = cursor(q.cursor());
            sql.append(q.newestFirst() ? " AND (ts, seq) < (?, ?)" : " AND (ts, seq) > (?, ?)");
            args.add(at[0]);
            args.add(at[1]);
        }
        sql.append(" ORDER BY ts ")
                .append(direction)
                .append(", seq ")
                .append(direction)
                .append(" LIMIT ?");
        args.add(q.limit());
        List<String> events = new ArrayList<>();
        long lastTs = 0;
        long lastSeq = -1;
        try (PreparedStatement s = prepare(sql.toString(), args);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                lastSeq = r.getLong(1);
                lastTs = r.getLong(2);
                events.add(withUrl(r.getString(4), r.getString(3)));
            }
        }
        // Newest first ends at the oldest; oldest first may go on as events arrive: the cursor stays.
        String next = lastSeq >= 0 ? lastTs + "_" + lastSeq : q.cursor();
        boolean full = events.size() == q.limit();
        return new EventPage(events, full || !q.newestFirst() ? next : null);
    }

    /**
     * Counts per bucket. With buckets of whole hours, the whole hours of the span are read from the
     * hourly counts and only its ragged ends from the events; other buckets count the events.
     */
    synchronized List<Bucket> stats(StatsQuery q) throws SQLException {
        long size = q.bucketMillis();
        long first = Math.floorDiv(q.fromMillis(), size) * size;
        long buckets = (q.toMillis() - first) / size + 1;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("bucket: " + buckets + " buckets from " + q.fromMillis() + " to "
                    + q.toMillis() + "; at most " + MAX_BUCKETS + ": a longer bucket or a shorter span");
        }
        Map<Long, long[]> found = new HashMap<>(); // bucket -> {count, occupancy max or MIN_VALUE}
        long hour = HourlyCounts.HOUR;
        long innerFrom = Math.floorDiv(q.fromMillis() + hour - 1, hour) * hour;
        long innerTo = Math.floorDiv(q.toMillis() + 1, hour) * hour - 1;
        if (!hourlyCounts || size % hour != 0 || innerFrom > innerTo) {
            count(found, "events", "ts", q, q.fromMillis(), q.toMillis(), first);
        } else {
            if (q.fromMillis() < innerFrom) {
                count(found, "events", "ts", q, q.fromMillis(), innerFrom - 1, first);
            }
            count(found, "hourly", "hour", q, innerFrom, innerTo, first);
            if (innerTo < q.toMillis()) {
                count(found, "events", "ts", q, innerTo + 1, q.toMillis(), first);
            }
        }
        List<Bucket> out = new ArrayList<>();
        for (long b = 0; b < buckets; b++) {
            long[] n = found.get(b);
            out.add(new Bucket(
                    first + b * size, n == null ? 0 : n[0], n == null || n[1] == Long.MIN_VALUE ? null : n[1]));
        }
        return out;
    }

    /** Adds the counts of {@code table} between {@code from} and {@code to} to {@code into}, per bucket. */
    private void count(Map<Long, long[]> into, String table, String time, StatsQuery q, long from, long to, long first)
            throws SQLException {
        boolean events = table.equals("events");
        List<Object> args = new ArrayList<>(List.of(first, q.bucketMillis()));
        StringBuilder sql = new StringBuilder("SELECT (" + time + " - ?) / ? AS b, "
                + (events ? "COUNT(*), MAX(occupancy)" : "SUM(count), MAX(occupancy_max)") + " FROM " + table
                + " WHERE ");
        filters(sql, args, time, from, to, q.channels(), q.type());
        condition(sql, args, "zone", q.zone());
        sql.append(" GROUP BY b");
        try (PreparedStatement s = prepare(sql.toString(), args);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long[] n = into.computeIfAbsent(r.getLong(1), k -> new long[] {0, Long.MIN_VALUE});
                n[0] += r.getLong(2);
                double max = r.getDouble(3);
                if (!r.wasNull()) {
                    n[1] = Math.max(n[1], Math.round(max));
                }
            }
        }
    }

    /** The event as it was published: its picture put back from its file when it had one. */
    synchronized Optional<String> find(String eventId) throws SQLException {
        try (PreparedStatement s = prepare("SELECT picture, body FROM events WHERE event_id = ?", List.of(eventId));
                ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            String picture = r.getString(1);
            String body = r.getString(2);
            Path file = picture == null ? null : pictures.file(picture);
            if (file == null) {
                return Optional.of(body);
            }
            try {
                ObjectNode e = (ObjectNode) JSON.readTree(body);
                ObjectNode image = (ObjectNode) e.get("image");
                image.remove("file");
                image.put("data", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                return Optional.of(e.toString());
            } catch (IOException x) {
                return Optional.of(body);
            }
        }
    }

    synchronized Optional<Path> picture(String eventId) throws SQLException {
        try (PreparedStatement s = prepare("SELECT picture FROM events WHERE event_id = ?", List.of(eventId));
                ResultSet r = s.executeQuery()) {
            return r.next() && r.getString(1) != null
                    ? Optional.ofNullable(pictures.file(r.getString(1)))
                    : Optional.empty();
        }
    }

    /** A listed event: a picture kept as a file is named by the API path that serves it. */
    private static String withUrl(String body, String picture) {
        if (picture == null) {
            return body;
        }
        try {
            ObjectNode e = (ObjectNode) JSON.readTree(body);
            ((ObjectNode) e.get("image"))
                    .put("url", "/api/v1/events/" + e.path("event_id").asText() + "/picture");
            return e.toString();
        } catch (IOException | RuntimeException x) {
            return body;
        }
    }

    private static void filters(
            StringBuilder sql,
            List<Object> args,
            String time,
            long from,
            long to,
            java.util.Set<String> channels,
            String type) {
        sql.append(time).append(" >= ? AND ").append(time).append(" <= ?");
        args.add(from);
        args.add(to);
        if (channels != null) {
            if (channels.isEmpty()) {
                sql.append(" AND 0");
            } else {
                sql.append(" AND channel IN (")
                        .append("?, ".repeat(channels.size() - 1))
                        .append("?)");
                args.addAll(channels);
            }
        }
        condition(sql, args, "type", type);
    }

    private static void condition(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private PreparedStatement prepare(String sql, List<Object> args) throws SQLException {
        PreparedStatement s = db.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
        return s;
    }

    private static long[] cursor(String text) {
        Matcher m = CURSOR.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("cursor: '" + text + "' is not a cursor this store gave");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
