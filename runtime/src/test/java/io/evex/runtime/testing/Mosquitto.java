package io.evex.runtime.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for one test: its own configuration, folder and free port, never a
 * broker that happens to run on the machine. Without the binary the test is skipped, saying how
 * to install it, except under CI (CI=true), where that is a failure.
 */
public final class Mosquitto implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    /**
     * @param extra more configuration lines (listener options such as {@code cafile ...} apply to
     *     the test's listener)
     */
    public Mosquitto(Path dir, List<String> extra) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            String message = "mosquitto is not installed: apt-get install mosquitto mosquitto-clients";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        this.dir = Files.createDirectories(dir);
        // Started as root, mosquitto drops to user 'mosquitto': it must be able to write here and to
        // reach it (JUnit's temporary folders are private to their owner).
        Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        for (Path p = this.dir.toAbsolutePath().getParent();
                p != null && p.startsWith(tmp) && !p.equals(tmp);
                p = p.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(p, perms);
        }
        this.extra = extra;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** Starts (or starts again, on the same port and store) and waits until it accepts connections. */
    public Mosquitto start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        StringBuilder text = new StringBuilder()
                .append("listener ")
                .append(port)
                .append(" 127.0.0.1\n")
                .append("persistence true\npersistence_location ")
                .append(dir)
                .append("/\n")
                .append("autosave_interval 1\n")
                // The default (1000) drops messages for a subscriber that falls behind: tests count arrivals.
                .append("max_queued_messages 1000000\nmax_inflight_messages 1000\n")
                .append("log_dest file ")
                .append(dir.resolve("mosquitto.log"))
                .append("\n");
        boolean auth = extra.stream().anyMatch(l -> l.startsWith("password_file"));
        if (!auth) {
            text.append("allow_anonymous true\n");
        }
        extra.forEach(l -> text.append(l).append('\n'));
        Files.writeString(conf, text);
        Path log = dir.resolve("mosquitto.log");
        if (!Files.exists(log)) {
            Files.createFile(log);
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("mosquitto.out").toFile()))
                .start();
        return Waits.value("mosquitto to listen on " + port, Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                fail("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out"))
                        + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return this;
            }
        });
    }

    /** Stops it with SIGTERM (it saves its store) or SIGKILL. */
    public void stop(boolean kill) throws InterruptedException {
        if (process != null && process.isAlive()) {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What the broker logged, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(true);
    }
}
