package io.evex.exporters.postgres;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.SettingsException;
import io.evex.api.tls.TlsSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.postgresql.Driver;

/**
 * Inserts events into PostgreSQL in transactions of {@code batch}, committed when full and whenever
 * the queue runs empty. Until a transaction commits its events are kept: when the server goes away
 * the delivery fails (the runtime retries, queues and spools), and once a connection is back the
 * kept events go first, in their order; one whose commit succeeded before the answer was lost is
 * skipped by {@code ON CONFLICT (event_id) DO NOTHING}. Nothing lost, nothing doubled.
 */
final class PostgresExporter implements Exporter {

    private ExporterContext context;
    private EventTable table;
    private String url;
    private Properties properties;
    private boolean create;
    private int batch;
    private Connection db;
    private PreparedStatement insert;
    private final List<Event> uncommitted = new ArrayList<>();
    private boolean pending; // uncommitted holds events not in the current batch (after a failure)
    private long committed;

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        try {
            table = new EventTable(ctx.settings().getString("table"));
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException(e.getMessage());
        }
        create = ctx.settings().getBoolean("create_table");
        batch = (int) ctx.settings().getLong("batch");
        url = "jdbc:postgresql://" + ctx.settings().getString("servers").replace(" ", "") + "/"
                + ctx.settings().getString("database");
        properties = properties(ctx);
        try {
            connect(); // a server away at start is retried with the first event; a wrong table is said now
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                throw new PermanentExportException("postgres table " + table.name() + ": " + brief(e));
            }
            ctx.logger().warn("postgres at {} not reachable yet ({}): events wait", url, brief(e));
        }
    }

    private static Properties properties(ExporterContext ctx) throws ExportException {
        Properties p = new Properties();
        String user = env(ctx.settings().getString("username_env"));
        if (user != null) {
            p.setProperty("user", user);
        } else {
            p.setProperty("user", System.getProperty("user.name"));
        }
        String password = env(ctx.settings().getString("password_env"));
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty(
                "connectTimeout",
                Long.toString(Math.max(
                        1, ctx.settings().getDuration("connect_timeout").toSeconds())));
        p.setProperty("socketTimeout", "60");
        p.setProperty("targetServerType", "primary");
        p.setProperty("ApplicationName", "evex " + ctx.name());
        p.setProperty("reWriteBatchedInserts", "true"); // one multi-row INSERT per batch
        TlsSettings tls;
        try {
            tls = TlsSettings.from(ctx.settings(), ctx.workingDirectory());
        } catch (SettingsException e) {
            throw new PermanentExportException(e.getMessage());
        }
        if (tls.enabled()) {
            p.setProperty("ssl", "true");
            p.setProperty("sslmode", tls.verifyHost() ? "verify-full" : "require");
            if (tls.caFile() != null) {
                p.setProperty("sslrootcert", tls.caFile().toString());
            }
            if (tls.certFile() != null) {
                p.setProperty("sslcert", tls.certFile().toString());
                p.setProperty(
                        "sslkey", tls.keyFile() == null ? "" : tls.keyFile().toString());
            }
        } else {
            p.setProperty("sslmode", "disable");
        }
        return p;
    }

    private static String env(String name) {
        return name == null || name.isBlank() ? null : System.getenv(name);
    }

    private void connect() throws SQLException {
        close();
        Connection c = new Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("the PostgreSQL driver does not take " + url);
        }
        c.setAutoCommit(false);
        try {
            if (create) {
                table.create(c);
            } else {
                table.check(c);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        db = c;
        insert = table.insert(c);
        pending = !uncommitted.isEmpty();
        context.logger().info("postgres {} connected, table {}", url, table.name());
    }

    @Override
    public void deliver(Event event) throws ExportException {
        try {
            ready();
            EventTable.add(insert, event);
            uncommitted.add(event);
            if (uncommitted.size() >= batch) {
                commit();
            }
        } catch (SQLException e) {
            lost(e);
        }
    }

    @Override
    public void flush() throws ExportException {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            ready();
            commit();
        } catch (SQLException e) {
            lost(e);
        }
    }

    /** A connection whose batch holds every kept event, in order. */
    private void ready() throws SQLException {
        if (db == null || db.isClosed()) {
            connect();
        }
        if (pending) {
            for (Event e : uncommitted) {
                EventTable.add(insert, e);
            }
            pending = false;
        }
    }

    private void commit() throws SQLException {
        try {
            insert.executeBatch();
            db.commit();
        } catch (SQLException e) {
            if (!refused(e)) {
                throw e;
            }
            db.rollback();
            commitOneByOne(); // find the event the server refuses; the others go in
            return;
        }
        committed += uncommitted.size();
        uncommitted.clear();
    }

    /** Data the server refuses (a NUL in a string, say): that event can never go in. */
    private static boolean refused(SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        return cause.getSQLState() != null && cause.getSQLState().startsWith("22");
    }

    private void commitOneByOne() throws SQLException {
        insert.clearBatch();
        for (Event e : uncommitted) {
            EventTable.add(insert, e);
            try {
                insert.executeBatch();
                db.commit();
                committed++;
            } catch (SQLException x) {
                if (!refused(x)) {
                    throw x;
                }
                db.rollback();
                context.counter("refused").increment();
                context.logger().warn("postgres refused event {} (left out): {}", e.eventId(), brief(x));
            }
        }
        uncommitted.clear();
    }

    /** The server went away: the kept events go again on the next connection. */
    private void lost(SQLException e) throws ExportException {
        close();
        pending = !uncommitted.isEmpty();
        throw new RetriableExportException("postgres " + url + ": " + brief(e));
    }

    /**
     * What went wrong, short: a failed batch's message quotes its whole statement, every event in
     * it; the reason is in the exception it chains to.
     */
    static String brief(SQLException e) {
        Throwable reason = e.getNextException() != null ? e.getNextException() : e;
        while (reason.getCause() != null && reason.getCause() != reason) {
            reason = reason.getCause();
        }
        String text = String.valueOf(reason.getMessage());
        int statement = text.indexOf("INSERT INTO");
        if (statement >= 0) {
            text = text.substring(0, statement) + "(the batch's insert)";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Events not committed yet (the batch being filled, and a failed one). */
    @Override
    public int unconfirmed() {
        return uncommitted.size();
    }

    /** Events whose transaction did not commit, for the runtime's spool at a stop. */
    @Override
    public List<Event> undelivered() {
        return List.copyOf(uncommitted);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new TreeMap<>();
        s.put("url", String.valueOf(url));
        s.put("table", table == null ? "" : table.name());
        s.put("connected", db != null);
        s.put("committed", committed);
        s.put("uncommitted", uncommitted.size());
        return s;
    }

    @Override
    public void stop() {
        close();
    }

    private void close() {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException ignored) {
            // going away anyway
        }
        db = null;
        insert = null;
    }
}
