package io.evex.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, from Debian's binaries: {@code initdb} in a temporary
 * folder, password authentication, on a free port of 127.0.0.1 — never a server that runs already.
 * As root it runs as the {@code postgres} user (PostgreSQL refuses root). The superuser is the
 * user the test runs as and the password the value of {@code $HOME}: the exporter reads it with
 * {@code password_env: HOME}, as it would read its own variable. Needs the PostgreSQL JDBC driver
 * on the class path.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String PASSWORD_ENV = "HOME";

    private final Path bin;
    private final Path dir;
    private final boolean root = "root".equals(System.getProperty("user.name"));
    private int port;

    private PostgresServer(Path bin) throws Exception {
        this.bin = bin;
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "evex-pg-");
        Path pw = Files.writeString(dir.resolve("pw"), System.getenv(PASSWORD_ENV));
        if (root) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pw, postgres);
        }
        run(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                System.getProperty("user.name"),
                "-A",
                "scram-sha-256",
                "--pwfile=" + pw,
                "-E",
                "UTF8");
    }

    /** Debian's PostgreSQL binaries, when installed. */
    public static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static PostgresServer create() throws Exception {
        return new PostgresServer(binaries().orElseThrow());
    }

    public PostgresServer start() throws Exception {
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("log").toString(),
                "-w",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
        try (Connection c = connect("postgres")) {
            if (!c.createStatement()
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'evex'")
                    .next()) {
                c.createStatement().execute("CREATE DATABASE evex");
            }
        }
        return this;
    }

    public void stop() throws Exception {
        run(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    }

    public String servers() {
        return "127.0.0.1:" + port;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", System.getProperty("user.name"));
        p.setProperty("password", System.getenv(PASSWORD_ENV));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private void run(String... command) throws Exception {
        List<String> c = new ArrayList<>();
        if (root) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(List.of(command));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", c) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (IllegalStateException e) {
            // stopped already
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
